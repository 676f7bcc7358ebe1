// order.track's snapshot reads against a real PostgreSQL and Redis: orders read for many
// subscriptions in one batch each get their own order and their own access check, and the Redis
// snapshot cache, filled from those reads, never makes a subscriber miss or repeat a step, even
// when a stale snapshot is written back after the order has moved on.
import { randomUUID } from 'node:crypto';

import { isTrackedEnvelope } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { OrderStatus } from '@tiffin/db';
import type { Viewer } from '@tiffin/domain';
import type { RedisClient } from '@tiffin/events';
import type { TestDatabase } from '@tiffin/stack/testing';
import { envelopeFromOutboxRow, placeOrder, transitionOrder } from '@tiffin/domain';
import { orderSnapshotKey, projectForTracking, TrackingHub } from '@tiffin/events';
import { connectTestRedis, createTestDatabase } from '@tiffin/stack/testing';

import type { TrackingMessage } from './tracking-messages';
import { readOrderForTracking } from './order-tracking-batch';
import { trackOrder } from './track-order';

let t: TestDatabase;
let redis: RedisClient;
let hub: TrackingHub;
let customer: Viewer;
let otherCustomer: Viewer;
let itemId: string;
const projected = new Set<string>();

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  hub = new TrackingHub({ redis, blockMs: 200 });
  const viewerOf = async (email: string): Promise<Viewer> => {
    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    return { userId: user.id, role: user.role, restaurantId: null };
  };
  customer = await viewerOf('customer@tiffin.test');
  otherCustomer = await viewerOf('customer2@tiffin.test');
  // A restaurant open around the clock: Kaze Ramen keeps hours, and refuses orders at night.
  itemId = (
    await t.db.menuItem.findFirstOrThrow({
      where: { stock: { gt: 50 }, restaurant: { slug: 'saffron-tandoor' } },
    })
  ).id;
});
afterAll(async () => {
  await hub?.stop();
  redis?.disconnect();
  await t?.drop();
});

async function newOrder(viewer = customer): Promise<string> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: itemId, quantity: 1 }],
      deliveryAddress: '9 Batch Lane',
      idempotencyKey: randomUUID(),
    },
    { userId: viewer.userId },
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
    await projectForTracking(redis, envelopeFromOutboxRow(row));
    projected.add(row.id);
  }
}

interface Received {
  id: string | null;
  data: TrackingMessage;
}

/** Opens a subscription the way the WS adapter consumes it; `stop` ends it as a client leaving. */
function subscribe(orderId: string, viewer = customer) {
  const abort = new AbortController();
  const received: Received[] = [];
  const done = (async () => {
    for await (const message of trackOrder({
      db: t.db,
      hub,
      viewer,
      orderId,
      lastEventId: undefined,
      signal: abort.signal,
    })) {
      received.push(
        isTrackedEnvelope<TrackingMessage>(message)
          ? { id: message[0], data: message[1] }
          : { id: null, data: message },
      );
    }
  })();
  return { received, done, stop: () => abort.abort() };
}

const statusOf = (message: Received | undefined) =>
  message?.data.kind === 'snapshot'
    ? `snapshot:${message.data.status}`
    : message?.data.kind === 'order_status'
      ? `order_status:${message.data.to}`
      : message?.data.kind;

describe('orders read for tracking in batches', () => {
  it('many reads asked at once (more than one batch holds) each get their own order, and a missing one null', async () => {
    const orders = await Promise.all(Array.from({ length: 12 }, () => newOrder()));
    await step(orders[3]!, 'created', 'confirmed');
    const missing = randomUUID();
    // 300 asks in one turn: more than one query's worth, every order asked many times over.
    const asked = Array.from({ length: 300 }, (_, i) => (i === 150 ? missing : orders[i % 12]!));
    const rows = await Promise.all(asked.map((id) => readOrderForTracking(t.db, id)));
    rows.forEach((row, i) => {
      if (i === 150) expect(row).toBeNull();
      else expect(row?.id).toBe(asked[i]);
    });
    expect(rows[3]).toMatchObject({ status: 'confirmed', version: 2, userId: customer.userId });
    expect(rows[3]!.statusChanges.map((change) => change.to)).toEqual(['created', 'confirmed']);
    expect(rows[4]).toMatchObject({ status: 'created', version: 1 });
  });

  it('subscriptions opened together: each its own snapshot; someone else’s order FORBIDDEN, an unknown one NOT_FOUND', async () => {
    const mine = await Promise.all(Array.from({ length: 8 }, () => newOrder()));
    const theirs = await newOrder(otherCustomer);
    await Promise.all(mine.map((orderId) => project(orderId)));
    await step(mine[0]!, 'created', 'confirmed');
    const opened = mine.map((orderId) => subscribe(orderId));
    const forbidden = subscribe(theirs);
    const unknown = subscribe(randomUUID());
    await expect(forbidden.done).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(unknown.done).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(forbidden.received).toEqual([]);
    for (const [i, subscription] of opened.entries()) {
      await expect.poll(() => subscription.received.length).toBe(1);
      expect(subscription.received[0]!.data).toMatchObject({
        kind: 'snapshot',
        orderId: mine[i],
        status: i === 0 ? 'confirmed' : 'created',
      });
      subscription.stop();
      await subscription.done;
    }
    expect(hub.subscriberCount).toBe(0);
  });
});

describe('the snapshot cache', () => {
  it('a step after the snapshot was cached reaches a live subscriber once, and a new one sees it in its snapshot', async () => {
    const orderId = await newOrder();
    await project(orderId);
    const first = subscribe(orderId);
    await expect.poll(() => first.received.length).toBe(1);
    expect(await redis.exists(orderSnapshotKey(orderId))).toBe(1);

    await step(orderId, 'created', 'confirmed');
    await project(orderId);
    // The projection cleared the cached snapshot as it recorded the step.
    expect(await redis.exists(orderSnapshotKey(orderId))).toBe(0);
    await expect.poll(() => first.received.length).toBe(2);
    const second = subscribe(orderId);
    await expect.poll(() => second.received.length).toBe(1);
    expect(statusOf(second.received[0])).toBe('snapshot:confirmed');
    // The second subscription's snapshot is cached again, with the newer status.
    expect(await redis.get(orderSnapshotKey(orderId))).toContain('"status":"confirmed"');

    await step(orderId, 'confirmed', 'cancelled');
    await project(orderId);
    await Promise.all([first.done, second.done]);
    expect(first.received.map(statusOf)).toEqual([
      'snapshot:created',
      'order_status:confirmed',
      'order_status:cancelled',
    ]);
    expect(second.received.map(statusOf)).toEqual(['snapshot:confirmed', 'order_status:cancelled']);
    const ids = [...first.received, ...second.received].map((m) => m.id);
    expect(new Set(first.received.map((m) => m.id)).size).toBe(3);
    expect(ids.every((id) => id !== null)).toBe(true);
  });

  it('a stale snapshot written back after the order moved on: the step follows it once, so no subscriber is left at the older status', async () => {
    const orderId = await newOrder();
    await project(orderId);
    const first = subscribe(orderId);
    await expect.poll(() => first.received.length).toBe(1);
    const stale = await redis.get(orderSnapshotKey(orderId));
    expect(stale).toContain('"status":"created"');

    await step(orderId, 'created', 'confirmed');
    await project(orderId);
    // A subscription that read the DB before the step writes its snapshot after the projection's
    // clear: the cache now holds the older status.
    await redis.set(orderSnapshotKey(orderId), stale!, 'EX', 30);
    await expect.poll(() => first.received.length).toBe(2);
    const late = subscribe(orderId);
    await expect.poll(() => late.received.length).toBe(2);
    expect(late.received.map(statusOf)).toEqual(['snapshot:created', 'order_status:confirmed']);
    expect(late.received[1]!.id).toBe(first.received[1]?.id);
    // Later steps come once each, after it.
    await step(orderId, 'confirmed', 'preparing');
    await project(orderId);
    await expect.poll(() => late.received.length).toBe(3);
    expect(late.received.map(statusOf)).toEqual([
      'snapshot:created',
      'order_status:confirmed',
      'order_status:preparing',
    ]);
    expect(new Set(late.received.map((m) => m.id)).size).toBe(3);
    first.stop();
    late.stop();
    await Promise.all([first.done, late.done]);
  });
});
