// The delivered race, with this schedule forced: the order's "delivered" reaches the tracking
// projection (orders stream) before the tracking group has read the delivery's (deliveries
// stream). A subscription ends at the order's final step, so whatever comes first in the order's
// tracking history and fan-out is what its client sees last. Real PostgreSQL and Redis.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { DeliveryStatus, OrderStatus } from '@tiffin/db';
import type { Envelope, RedisClient, TrackedEntry } from '@tiffin/events';
import type { TestDatabase } from '@tiffin/stack/testing';
import {
  createDeliveryForOrder,
  envelopeFromOutboxRow,
  placeOrder,
  transitionDelivery,
  transitionOrder,
} from '@tiffin/domain';
import { compareStreamIds, projectForTracking, TrackingHub } from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import { connectTestRedis, createTestDatabase } from '@tiffin/stack/testing';

import { deliveryHandler } from './consumers/delivery';
import { trackDeliveredFirst } from './tracking-projection';

const log = createLogger('error');
let t: TestDatabase;
let redis: RedisClient;
let hub: TrackingHub;
let customerId: string;
let courierId: string;
let itemId: string;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  hub = new TrackingHub({ redis, blockMs: 200 });
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  courierId = (await t.db.user.findUniqueOrThrow({ where: { email: 'courier@tiffin.test' } })).id;
  itemId = (
    await t.db.menuItem.findFirstOrThrow({
      where: { stock: { gt: 10 }, restaurant: { slug: 'saffron-tandoor' } },
    })
  ).id;
});
afterAll(async () => {
  await hub?.stop();
  redis?.disconnect();
  await t?.drop();
});

/** The order's outbox rows as the relay publishes them, oldest first. */
async function outboxEnvelopes(orderId: string): Promise<Envelope[]> {
  const rows = await t.db.outboxEvent.findMany({
    where: { payload: { path: ['orderId'], equals: orderId } },
    orderBy: { seq: 'asc' },
  });
  return rows.map(envelopeFromOutboxRow);
}

function step(envelope: Envelope): string {
  const { to } = envelope.payload as { to?: string };
  return `${envelope.type.split('.')[0]}:${to ?? envelope.type.split('.')[1]}`;
}

/** An order with its delivery on the way, everything so far projected, and a live subscriber. */
async function orderOnTheWay() {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: itemId, quantity: 1 }],
      deliveryAddress: '3 Race Road',
      idempotencyKey: randomUUID(),
    },
    { userId: customerId },
  );
  const orderId = order.orderId;
  const kitchen = (from: OrderStatus, to: OrderStatus) =>
    t.db.$transaction((tx) => transitionOrder(tx, orderId, from, to, 'staff:test'));
  const courier = (from: DeliveryStatus, to: DeliveryStatus) =>
    t.db.$transaction((tx) =>
      transitionDelivery(tx, deliveryId, from, to, 'courier:test', { courierId }),
    );
  await kitchen('created', 'confirmed');
  const deliveryId = (await t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId)))
    .deliveryId!;
  await kitchen('confirmed', 'preparing');
  await kitchen('preparing', 'ready_for_pickup');
  await courier('waiting', 'assigned');
  await kitchen('ready_for_pickup', 'out_for_delivery');
  await courier('assigned', 'on_the_way');
  for (const envelope of await outboxEnvelopes(orderId)) await projectForTracking(redis, envelope);
  const live: TrackedEntry[] = [];
  const history = await hub.orderHistory(orderId);
  const seenUpTo = history.at(-1)?.id ?? '0-0';
  // As trackOrder does: the hub's reader may still hand over steps fanned out before this
  // subscription (its cluster sweeps lag a little), which the history already holds.
  const unsubscribe = await hub.subscribe('order', orderId, (entry) => {
    if (compareStreamIds(entry.id, seenUpTo) > 0) live.push(entry);
  });
  const projected = history.length;
  return { orderId, deliveryId, live, unsubscribe, projected };
}

/**
 * The delivery is delivered; the delivery group handles that with `handle`; then the tracking
 * group projects the order's "delivered" first and the delivery's only afterwards.
 */
async function deliveredWithTrackingLagging(
  orderId: string,
  deliveryId: string,
  handle: (envelope: Envelope) => Promise<void>,
) {
  await t.db.$transaction((tx) =>
    transitionDelivery(tx, deliveryId, 'on_the_way', 'delivered', 'courier:test'),
  );
  const deliveryDelivered = (await outboxEnvelopes(orderId)).at(-1)!;
  expect(step(deliveryDelivered)).toBe('delivery:delivered');
  await handle(deliveryDelivered);
  const orderDelivered = (await outboxEnvelopes(orderId)).at(-1)!;
  expect(step(orderDelivered)).toBe('order:delivered');
  await projectForTracking(redis, orderDelivered);
  await projectForTracking(redis, deliveryDelivered);
}

describe('tracking the delivered race', () => {
  it('the delivery group tracks the delivery as delivered before it delivers the order', async () => {
    const { orderId, deliveryId, live, unsubscribe, projected } = await orderOnTheWay();
    await deliveredWithTrackingLagging(
      orderId,
      deliveryId,
      trackDeliveredFirst(redis, deliveryHandler(t.db, log)),
    );

    // Live subscribers and resuming ones (history) both get the delivery's final step first.
    await expect.poll(() => live.length).toBe(2);
    unsubscribe();
    expect(live.map((e) => step(e.envelope))).toEqual(['delivery:delivered', 'order:delivered']);
    const history = await hub.orderHistory(orderId);
    expect(history.slice(projected).map((e) => step(e.envelope))).toEqual([
      'delivery:delivered',
      'order:delivered',
    ]);
    expect(history.slice(projected).map((e) => e.id)).toEqual(live.map((e) => e.id));
    // The tracking group's own, later projection of the delivery's event added nothing.
    expect(history.filter((e) => step(e.envelope) === 'delivery:delivered')).toHaveLength(1);
  });

  it('a redelivered delivery event is projected once, and the order is delivered once', async () => {
    const { orderId, deliveryId, unsubscribe, projected } = await orderOnTheWay();
    const handle = trackDeliveredFirst(redis, deliveryHandler(t.db, log));
    await deliveredWithTrackingLagging(orderId, deliveryId, handle);
    const deliveryDelivered = (await outboxEnvelopes(orderId)).at(-2)!;
    await handle(deliveryDelivered);
    unsubscribe();
    const history = await hub.orderHistory(orderId);
    expect(history.slice(projected).map((e) => step(e.envelope))).toEqual([
      'delivery:delivered',
      'order:delivered',
    ]);
    expect(await t.db.orderStatusChange.count({ where: { orderId, to: 'delivered' } })).toBe(1);
  });

  it('without it, the same schedule tracks the order as delivered first (the race it closes)', async () => {
    const { orderId, deliveryId, live, unsubscribe } = await orderOnTheWay();
    await deliveredWithTrackingLagging(orderId, deliveryId, deliveryHandler(t.db, log));
    await expect.poll(() => live.length).toBe(2);
    unsubscribe();
    expect(live.map((e) => step(e.envelope))).toEqual(['order:delivered', 'delivery:delivered']);
  });
});
