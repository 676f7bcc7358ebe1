// order.track's generator against a real PostgreSQL and Redis, with the projection run by hand so
// each test picks the moment an event reaches tracking: a resume after the end, a client gone
// while the order loads, and a snapshot newer than its history id. What it yields is what goes
// on the wire (the WS adapter sends each tracked(id, data) as one message).
import { randomUUID } from 'node:crypto';

import { isTrackedEnvelope } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { DeliveryStatus, OrderStatus } from '@tiffin/db';
import type { Viewer } from '@tiffin/domain';
import type { RedisClient } from '@tiffin/events';
import type { TestDatabase } from '@tiffin/stack/testing';
import {
  createDeliveryForOrder,
  defaultDropOff,
  distanceKm,
  envelopeFromOutboxRow,
  placeOrder,
  pointAlong,
  POSITION_TTL_SECONDS,
  transitionDelivery,
  transitionOrder,
} from '@tiffin/domain';
import {
  compareStreamIds,
  projectForTracking,
  recordCourierPosition,
  TrackingHub,
} from '@tiffin/events';
import { connectTestRedis, createTestDatabase, createTestRestaurant } from '@tiffin/stack/testing';

import type { OrderSnapshot, TrackingMessage } from './tracking-messages';
import { openSubscription } from '../testing/api-test-kit';
import { trackOrder } from './track-order';

let t: TestDatabase;
let redis: RedisClient;
let hub: TrackingHub;
let customer: Viewer;
let courierId: string;
let itemId: string;
const projected = new Set<string>();

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  hub = new TrackingHub({ redis, blockMs: 200 });
  const user = await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } });
  customer = { userId: user.id, role: user.role, restaurantId: null };
  courierId = (await t.db.user.findUniqueOrThrow({ where: { email: 'courier@tiffin.test' } })).id;
  // A restaurant open around the clock: Kaze Ramen keeps hours, and refuses orders at night.
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

async function newOrder(): Promise<string> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: itemId, quantity: 1 }],
      deliveryAddress: '5 Resume Row',
      idempotencyKey: randomUUID(),
    },
    { userId: customer.userId },
  );
  return order.orderId;
}

async function step(orderId: string, from: OrderStatus, to: OrderStatus) {
  await t.db.$transaction((tx) => transitionOrder(tx, orderId, from, to, 'staff:test'));
}

/** What the worker's tracking group does: projects the order's not yet projected outbox rows. */
async function project(orderId: string) {
  const rows = await t.db.outboxEvent.findMany({
    where: { payload: { path: ['orderId'], equals: orderId } },
    orderBy: { seq: 'asc' },
  });
  for (const row of rows) {
    if (projected.has(row.id)) continue;
    const envelope = envelopeFromOutboxRow(row);
    await projectForTracking(redis, envelope);
    projected.add(row.id);
  }
}

async function deliveryStep(deliveryId: string, from: DeliveryStatus, to: DeliveryStatus) {
  await t.db.$transaction((tx) =>
    transitionDelivery(tx, deliveryId, from, to, 'courier:test', { courierId }),
  );
}

/** The delivery the worker creates when the kitchen accepts. */
async function createDelivery(orderId: string): Promise<string> {
  const { deliveryId } = await t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId));
  return deliveryId!;
}

/** An order taken to delivered (delivery and all), everything projected. */
async function deliveredOrder(): Promise<string> {
  const orderId = await newOrder();
  await step(orderId, 'created', 'confirmed');
  const deliveryId = await createDelivery(orderId);
  await step(orderId, 'confirmed', 'preparing');
  await step(orderId, 'preparing', 'ready_for_pickup');
  await deliveryStep(deliveryId, 'waiting', 'assigned');
  await step(orderId, 'ready_for_pickup', 'out_for_delivery');
  await deliveryStep(deliveryId, 'assigned', 'on_the_way');
  await deliveryStep(deliveryId, 'on_the_way', 'delivered');
  await step(orderId, 'out_for_delivery', 'delivered');
  await project(orderId);
  return orderId;
}

interface Received {
  /** Null for untracked messages (courier positions). */
  id: string | null;
  data: TrackingMessage;
}

/** Consumes a subscription the way the WS adapter does, recording every message and its end. */
function consume(lastEventId?: string, signal?: AbortSignal) {
  return (orderId: string) => {
    const received: Received[] = [];
    const state = { ended: false };
    const done = (async () => {
      const messages = trackOrder({
        db: t.db,
        hub,
        viewer: customer,
        orderId,
        lastEventId,
        signal,
      });
      for await (const message of messages) {
        received.push(
          isTrackedEnvelope<TrackingMessage>(message)
            ? { id: message[0], data: message[1] }
            : { id: null, data: message },
        );
      }
      state.ended = true;
    })();
    return { received, state, done };
  };
}

const kinds = (messages: Received[]) =>
  messages.map((m) =>
    m.data.kind === 'order_status' || m.data.kind === 'delivery_status'
      ? `${m.data.kind}:${m.data.to}`
      : m.data.kind,
  );

/** Resolves with the value, or with 'still open' if the subscription does not end in time. */
function within<T>(promise: Promise<T>, ms = 2_000): Promise<T | 'still open'> {
  return Promise.race([promise, new Promise<'still open'>((r) => setTimeout(r, ms, 'still open'))]);
}

describe('trackOrder: resuming a finished order', () => {
  it('resume after delivered with the last id: the stream ends cleanly with no events', async () => {
    const orderId = await deliveredOrder();
    const lastId = (await hub.orderHistory(orderId)).at(-1)!.id;
    const subscription = consume(lastId)(orderId);
    expect(await within(subscription.done)).toBeUndefined();
    expect(subscription.received).toEqual([]);
    expect(hub.subscriberCount).toBe(0);
  });

  it('resume after cancelled with the last id: the stream ends cleanly with no events', async () => {
    const orderId = await newOrder();
    await step(orderId, 'created', 'cancelled');
    await project(orderId);
    const lastId = (await hub.orderHistory(orderId)).at(-1)!.id;
    const subscription = consume(lastId)(orderId);
    expect(await within(subscription.done)).toBeUndefined();
    expect(subscription.received).toEqual([]);
  });

  it('resume from before the final step: that step, then the end', async () => {
    const orderId = await deliveredOrder();
    const history = await hub.orderHistory(orderId);
    const subscription = consume(history.at(-2)!.id)(orderId);
    expect(await within(subscription.done)).toBeUndefined();
    expect(kinds(subscription.received)).toEqual(['order_status:delivered']);
    expect(subscription.received[0]!.id).toBe(history.at(-1)!.id);
  });

  it('cancelled in the database but not yet tracked: a resume waits for the final step', async () => {
    const orderId = await newOrder();
    await step(orderId, 'created', 'confirmed');
    await project(orderId);
    const lastId = (await hub.orderHistory(orderId)).at(-1)!.id;
    await step(orderId, 'confirmed', 'cancelled');
    const subscription = consume(lastId)(orderId);
    expect(await within(subscription.done, 500)).toBe('still open');
    await project(orderId);
    expect(await within(subscription.done)).toBeUndefined();
    expect(kinds(subscription.received)).toEqual(['order_status:cancelled']);
  });
});

describe('trackOrder: a client that leaves while the order loads', () => {
  it('ends and lets go of its hub listener at once, not at the next event of the order', async () => {
    const orderId = await newOrder();
    await project(orderId);
    const lastId = (await hub.orderHistory(orderId)).at(-1)!.id;
    const abort = new AbortController();
    const messages = trackOrder({
      db: t.db,
      hub,
      viewer: customer,
      orderId,
      lastEventId: lastId,
      signal: abort.signal,
    });
    // The adapter aborts as the client unsubscribes, while the first next() is still loading.
    const first = messages.next();
    abort.abort();
    expect(await within(first)).toEqual({ value: undefined, done: true });
    expect(hub.subscriberCount).toBe(0);
  });
});

describe('trackOrder: a snapshot newer than its history id', () => {
  it('sends no step twice: steps the snapshot shows are skipped, later ones sent once', async () => {
    const orderId = await newOrder();
    await project(orderId);
    // Committed but not yet projected: the snapshot (from the DB) shows it, its history id not.
    await step(orderId, 'created', 'confirmed');
    const subscription = consume()(orderId);
    await expect.poll(() => subscription.received.length).toBe(1);
    expect(subscription.received[0]!.data).toMatchObject({ kind: 'snapshot', status: 'confirmed' });

    await project(orderId);
    const deliveryId = await createDelivery(orderId);
    await project(orderId);
    await step(orderId, 'confirmed', 'preparing');
    await project(orderId);
    await step(orderId, 'preparing', 'ready_for_pickup');
    await project(orderId);
    await deliveryStep(deliveryId, 'waiting', 'assigned');
    await project(orderId);
    await step(orderId, 'ready_for_pickup', 'out_for_delivery');
    await deliveryStep(deliveryId, 'assigned', 'on_the_way');
    await project(orderId);
    await deliveryStep(deliveryId, 'on_the_way', 'delivered');
    await project(orderId);
    await step(orderId, 'out_for_delivery', 'delivered');
    await project(orderId);
    expect(await within(subscription.done)).toBeUndefined();

    expect(kinds(subscription.received)).toEqual([
      'snapshot',
      'delivery_created',
      'order_status:preparing',
      'order_status:ready_for_pickup',
      'delivery_status:assigned',
      'order_status:out_for_delivery',
      'delivery_status:on_the_way',
      'delivery_status:delivered',
      'order_status:delivered',
    ]);
    const versions = subscription.received.flatMap((m) =>
      m.data.kind === 'order_status' ? [m.data.version] : [],
    );
    expect(new Set(versions).size).toBe(versions.length);
    // Every step is tracked, with ids in stream order.
    const ids = subscription.received.map((m) => m.id);
    expect(ids.every((id) => id !== null)).toBe(true);
    expect([...(ids as string[])].sort(compareStreamIds)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('steps right after its id that it shows move the snapshot id on, so a resume skips them', async () => {
    const orderId = await newOrder();
    await project(orderId);
    await step(orderId, 'created', 'confirmed');
    // The read of the history id happens first; project in between it and the DB read.
    const latest = hub.latestOrderHistoryId.bind(hub);
    hub.latestOrderHistoryId = async (id) => {
      const value = await latest(id);
      await project(orderId);
      return value;
    };
    const subscription = consume()(orderId);
    try {
      await expect.poll(() => subscription.received.length).toBe(1);
    } finally {
      hub.latestOrderHistoryId = latest;
    }
    const confirmedId = (await hub.orderHistory(orderId)).at(-1)!.id;
    expect(subscription.received[0]).toMatchObject({
      id: confirmedId,
      data: { kind: 'snapshot', status: 'confirmed' },
    });
    await step(orderId, 'confirmed', 'cancelled');
    await project(orderId);
    expect(await within(subscription.done)).toBeUndefined();
    expect(kinds(subscription.received)).toEqual(['snapshot', 'order_status:cancelled']);
  });
});

describe('trackOrder: the courier on the map and the arrival estimate', () => {
  const MINUTE = 60_000;

  /** Subscribes as the customer, the way the WS adapter does (its signal ends the generator). */
  const track = (orderId: string, lastEventId?: string) =>
    openSubscription<TrackingMessage>(async (signal) =>
      trackOrder({ db: t.db, hub, viewer: customer, orderId, lastEventId, signal }),
    );

  async function placeAt(restaurant: { dishes: { id: string }[] }) {
    const { order } = await placeOrder(
      t.db,
      {
        items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 1 }],
        deliveryAddress: '5 Map Mews',
        idempotencyKey: randomUUID(),
      },
      { userId: customer.userId },
    );
    return order.orderId;
  }

  it('the estimate comes from this kitchen’s own pace: the medians of its recent orders', async () => {
    const restaurant = await createTestRestaurant(t.db);
    // Three delivered orders of yesterday: accepted in 2, 3 and 4 minutes, cooked in 11, 12 and
    // 13, handed over in 4, 5 and 6. Medians: 3, 12 and 5 minutes.
    const yesterday = Date.now() - 24 * 60 * MINUTE;
    for (const [accept, cook, handover] of [
      [2, 12, 6],
      [3, 11, 5],
      [4, 13, 4],
    ] as const) {
      const placedAt = new Date(yesterday);
      const confirmedAt = new Date(placedAt.getTime() + accept * MINUTE);
      const readyAt = new Date(confirmedAt.getTime() + cook * MINUTE);
      const pickedUpAt = new Date(readyAt.getTime() + handover * MINUTE);
      await t.db.order.create({
        data: {
          userId: customer.userId,
          restaurantId: restaurant.id,
          status: 'delivered',
          totalCents: 800,
          deliveryAddress: '5 Map Mews',
          idempotencyKey: randomUUID(),
          correlationId: randomUUID(),
          createdAt: placedAt,
          statusChanges: {
            create: [
              { from: null, to: 'created', at: placedAt, actor: 'test' },
              { from: 'created', to: 'confirmed', at: confirmedAt, actor: 'test' },
              { from: 'confirmed', to: 'preparing', at: confirmedAt, actor: 'test' },
              { from: 'preparing', to: 'ready_for_pickup', at: readyAt, actor: 'test' },
              { from: 'ready_for_pickup', to: 'out_for_delivery', at: pickedUpAt, actor: 'test' },
            ],
          },
        },
      });
    }
    const orderId = await placeAt(restaurant);
    await project(orderId);
    const subscription = await track(orderId);
    const first = await subscription.next();
    const snapshot = first.data as OrderSnapshot;
    const tripKm = distanceKm(restaurant, defaultDropOff(restaurant));
    expect(snapshot.etaBasis.kitchen).toEqual({
      acceptMs: 3 * MINUTE,
      prepareMs: 12 * MINUTE,
      handoverMs: 5 * MINUTE,
    });
    expect(snapshot.etaBasis.tripKm).toBeCloseTo(tripKm, 6);
    expect(snapshot.restaurant).toEqual({
      name: restaurant.name,
      location: { lat: restaurant.lat, lng: restaurant.lng },
    });
    expect(snapshot.dropOff).toEqual(defaultDropOff(restaurant));
    // Just placed: the accepting still to come, then cooking, handover and the ride at 18 km/h.
    const placedAt = snapshot.history[0]!.at.getTime();
    const rideMs = (tripKm / 18) * 60 * MINUTE;
    const expected = placedAt + (3 + 12 + 5) * MINUTE + rideMs;
    expect(Math.abs(snapshot.eta!.getTime() - expected)).toBeLessThan(2_000);

    // Accepted: the cooking counts from now, and the step's message carries the new estimate.
    await step(orderId, 'created', 'confirmed');
    await project(orderId);
    const confirmed = (await subscription.next()).data;
    expect(confirmed).toMatchObject({ kind: 'order_status', to: 'confirmed' });
    const confirmedAt = (confirmed as { at: Date }).at.getTime();
    expect(
      Math.abs((confirmed as { eta: Date }).eta.getTime() - (confirmedAt + 17 * MINUTE + rideMs)),
    ).toBeLessThan(2_000);
    await subscription.close();
  });

  it('positions arrive untracked as the courier moves; a new subscription’s snapshot, or a resumed one, gets the latest only', async () => {
    const restaurant = await createTestRestaurant(t.db);
    const orderId = await placeAt(restaurant);
    await step(orderId, 'created', 'confirmed');
    const deliveryId = await createDelivery(orderId);
    await step(orderId, 'confirmed', 'preparing');
    await step(orderId, 'preparing', 'ready_for_pickup');
    await deliveryStep(deliveryId, 'waiting', 'assigned');
    await step(orderId, 'ready_for_pickup', 'out_for_delivery');
    await deliveryStep(deliveryId, 'assigned', 'on_the_way');
    await project(orderId);

    const dropOff = defaultDropOff(restaurant);
    const started = Date.now() - 10_000;
    const report = (fraction: number, second: number) =>
      recordCourierPosition(
        redis,
        {
          orderId,
          courierId,
          ...pointAlong(restaurant, dropOff, fraction),
          at: new Date(started + second * 1_000),
        },
        { ttlSeconds: POSITION_TTL_SECONDS, distanceKm },
      );
    // Three reports a second apart, each 1% of the way further.
    await report(0.1, 0);
    await report(0.11, 1);
    const third = await report(0.12, 2);

    const subscription = await track(orderId);
    const snapshot = (await subscription.next()).data as OrderSnapshot;
    expect(snapshot.courierPosition).toEqual({
      lat: third.lat,
      lng: third.lng,
      at: new Date(third.at),
    });
    // Only the latest: no backlog of past points follows.
    expect(await subscription.quietFor(300)).toBe(true);

    const fourth = await report(0.13, 3);
    const moved = await subscription.next();
    expect(moved.id).toBeNull();
    expect(moved.data).toMatchObject({
      kind: 'courier_position',
      orderId,
      lat: fourth.lat,
      lng: fourth.lng,
      at: new Date(fourth.at),
    });
    // On the way, the estimate is the distance left at the courier's own speed.
    const leftKm = distanceKm(fourth, dropOff);
    const speed = fourth.speedKmh!;
    expect(speed).toBeGreaterThan(3);
    const eta = (moved.data as { eta: Date }).eta.getTime();
    expect(
      Math.abs(eta - (Date.now() + Math.max((leftKm / speed) * 60 * MINUTE, MINUTE))),
    ).toBeLessThan(2_000);
    await subscription.close();

    const resumed = await track(orderId, (await hub.orderHistory(orderId)).at(-1)!.id);
    const latest = await resumed.next();
    expect(latest).toMatchObject({
      id: null,
      data: { kind: 'courier_position', lat: fourth.lat, lng: fourth.lng },
    });
    expect(await resumed.quietFor(300)).toBe(true);
    await resumed.close();
    expect(hub.subscriberCount).toBe(0);
  });
});
