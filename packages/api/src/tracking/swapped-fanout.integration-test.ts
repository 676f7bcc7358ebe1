// On a Redis Cluster the tracking projection writes in steps (history, then fan-out), so two
// worker processes projecting one order's events at once can put them on the fan-out in the
// opposite order to the history. Here the steps run by hand in exactly that order, on a real
// PostgreSQL and Redis, and every live subscriber (order tracking, the kitchen board, the bell)
// must still get each step once, in history order, with the history's ids; and a courier
// position that arrives after a newer one is not shown.
import { randomUUID } from 'node:crypto';

import { isTrackedEnvelope } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { OrderStatus } from '@tiffin/db';
import type { Viewer } from '@tiffin/domain';
import type { Envelope, NotificationPush, RedisClient } from '@tiffin/events';
import type { TestDatabase } from '@tiffin/stack/testing';
import {
  distanceKm,
  envelopeFromOutboxRow,
  placeOrder,
  POSITION_TTL_SECONDS,
  transitionOrder,
} from '@tiffin/domain';
import {
  appendToFanout,
  appendToHistories,
  appendToUserStream,
  appendUserFanout,
  projectForTracking,
  recordCourierPosition,
  restaurantOf,
  TrackingHub,
} from '@tiffin/events';
import { connectTestRedis, createTestDatabase, waitUntil } from '@tiffin/stack/testing';

import type { KitchenMessage } from './kitchen-live';
import type { NotificationMessage } from './notifications-live';
import type { TrackingMessage } from './tracking-messages';
import { watchKitchen } from './kitchen-live';
import { watchNotifications } from './notifications-live';
import { trackOrder } from './track-order';

let t: TestDatabase;
let redis: RedisClient;
let hub: TrackingHub;
let customer: Viewer;
let itemId: string;
const subscriptions: AbortController[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  hub = new TrackingHub({ redis, blockMs: 200 });
  const user = await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } });
  customer = { userId: user.id, role: user.role, restaurantId: null };
  itemId = (
    await t.db.menuItem.findFirstOrThrow({
      where: { stock: { gt: 10 }, restaurant: { slug: 'saffron-tandoor' } },
    })
  ).id;
});
afterAll(async () => {
  for (const controller of subscriptions) controller.abort();
  await hub?.stop();
  redis?.disconnect();
  await t?.drop();
});

interface Received<T> {
  id: string;
  data: T;
}

/** Runs a subscription the way the WS adapter does, keeping each tracked message. */
function collect<T>(messages: AsyncGenerator<unknown>): Received<T>[] {
  const received: Received<T>[] = [];
  void (async () => {
    for await (const message of messages) {
      if (isTrackedEnvelope<T>(message)) received.push({ id: message[0], data: message[1] });
    }
  })();
  return received;
}

function signal(): AbortSignal {
  const controller = new AbortController();
  subscriptions.push(controller);
  return controller.signal;
}

/** A new order, its first events projected the ordinary way. */
async function newOrder(): Promise<{ orderId: string; restaurantId: string }> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: itemId, quantity: 1 }],
      deliveryAddress: '9 Swapped Lane',
      idempotencyKey: randomUUID(),
    },
    { userId: customer.userId },
  );
  for (const envelope of await outboxEnvelopes(order.orderId)) {
    await projectForTracking(redis, envelope);
  }
  const { restaurantId } = await t.db.order.findUniqueOrThrow({ where: { id: order.orderId } });
  return { orderId: order.orderId, restaurantId };
}

async function outboxEnvelopes(orderId: string, after = -1n): Promise<Envelope[]> {
  const rows = await t.db.outboxEvent.findMany({
    where: { payload: { path: ['orderId'], equals: orderId }, seq: { gt: after } },
    orderBy: { seq: 'asc' },
  });
  return rows.map(envelopeFromOutboxRow);
}

async function lastSeq(orderId: string): Promise<bigint> {
  const rows = await t.db.outboxEvent.findMany({
    where: { payload: { path: ['orderId'], equals: orderId } },
    orderBy: { seq: 'desc' },
    take: 1,
  });
  return rows[0]?.seq ?? -1n;
}

/** Two status steps, projected as two workers can on a cluster: histories A, B; fan-out B, A. */
async function twoStepsFannedOutSwapped(orderId: string, steps: [OrderStatus, OrderStatus][]) {
  const before = await lastSeq(orderId);
  for (const [from, to] of steps) {
    await t.db.$transaction((tx) => transitionOrder(tx, orderId, from, to, 'staff:test'));
  }
  const [first, second] = await outboxEnvelopes(orderId, before);
  if (!first || !second) throw new Error('expected two new events');
  const historiesOfFirst = await appendToHistories(redis, first, orderId, restaurantOf(first));
  const historiesOfSecond = await appendToHistories(redis, second, orderId, restaurantOf(second));
  await appendToFanout(redis, second, historiesOfSecond);
  await appendToFanout(redis, first, historiesOfFirst);
  return { first: historiesOfFirst, second: historiesOfSecond };
}

describe('a fan-out that carries one history out of order', () => {
  it('order tracking and the kitchen board get both steps once each, in history order', async () => {
    const { orderId, restaurantId } = await newOrder();
    const tracking = collect<TrackingMessage>(
      trackOrder({ db: t.db, hub, viewer: customer, orderId, lastEventId: null, signal: signal() }),
    );
    const board = collect<KitchenMessage>(
      watchKitchen({ hub, restaurantId, lastEventId: null, signal: signal() }),
    );
    await waitUntil('both subscribed', () => tracking.length === 1 && board.length === 1);

    const { first, second } = await twoStepsFannedOutSwapped(orderId, [
      ['created', 'confirmed'],
      ['confirmed', 'preparing'],
    ]);

    await waitUntil('tracking got both steps', () => tracking.length >= 3, 5_000);
    await waitUntil('the board got both steps', () => board.length >= 3, 5_000);
    // Anything late (a repeat from the fan-out's second entry) would land by now.
    await new Promise((r) => setTimeout(r, 300));
    expect(tracking.slice(1).map((m) => [m.id, m.data.kind, statusOf(m.data)])).toEqual([
      [first.order.id, 'order_status', 'confirmed'],
      [second.order.id, 'order_status', 'preparing'],
    ]);
    expect(board.slice(1).map((m) => [m.id, m.data.kind, statusOf(m.data)])).toEqual([
      [first.restaurant!.id, 'order_status', 'confirmed'],
      [second.restaurant!.id, 'order_status', 'preparing'],
    ]);
    // The second history entry names the first as its predecessor: what let readers reorder.
    expect(second.order.previousId).toBe(first.order.id);
    expect(second.restaurant!.previousId).toBe(first.restaurant!.id);
  });

  it('in order: the step once, with its history id, naming the step before it', async () => {
    const { orderId } = await newOrder();
    const tracking = collect<TrackingMessage>(
      trackOrder({ db: t.db, hub, viewer: customer, orderId, lastEventId: null, signal: signal() }),
    );
    await waitUntil('subscribed', () => tracking.length === 1);
    const before = await lastSeq(orderId);
    await t.db.$transaction((tx) =>
      transitionOrder(tx, orderId, 'created', 'confirmed', 'staff:test'),
    );
    const [event] = await outboxEnvelopes(orderId, before);
    const histories = await appendToHistories(redis, event!, orderId, restaurantOf(event!));
    await appendToFanout(redis, event!, histories);
    await waitUntil('tracking got the step', () => tracking.length === 2, 5_000);
    expect(tracking[1]!.id).toBe(histories.order.id);
    expect(histories.order.previousId).toBe(tracking[0]!.id);
  });

  it('a courier position older than the last one sent is dropped: the courier never jumps back', async () => {
    const { orderId } = await newOrder();
    const courierId = (
      await t.db.user.findUniqueOrThrow({ where: { email: 'courier@tiffin.test' } })
    ).id;
    const received: TrackingMessage[] = [];
    void (async () => {
      const messages = trackOrder({
        db: t.db,
        hub,
        viewer: customer,
        orderId,
        lastEventId: null,
        signal: signal(),
      });
      for await (const message of messages) {
        received.push(isTrackedEnvelope<TrackingMessage>(message) ? message[1] : message);
      }
    })();
    await waitUntil('subscribed', () => received.length === 1);
    const report = (lat: number, at: Date) =>
      recordCourierPosition(
        redis,
        { orderId, courierId, lat, lng: -0.1, at },
        { ttlSeconds: POSITION_TTL_SECONDS, distanceKm },
      );
    const now = Date.now();
    await report(51.5, new Date(now));
    await waitUntil('the position', () => received.length === 2, 5_000);
    // Reported earlier, fanned out later (as an entry from before a subscription can be).
    await report(51.4, new Date(now - 1_000));
    await report(51.6, new Date(now + 1_000));
    await waitUntil('the newer position', () => received.length >= 3, 5_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(received.slice(1).map((m) => (m.kind === 'courier_position' ? m.lat : m.kind))).toEqual([
      51.5, 51.6,
    ]);
  });

  it('the bell gets two notifications fanned out swapped once each, in its stream order', async () => {
    const userId = customer.userId;
    const bell = collect<NotificationMessage>(
      watchNotifications({ db: t.db, hub, userId, lastEventId: null, signal: signal() }),
    );
    await waitUntil('subscribed', () => bell.length === 1);
    const push = (title: string): NotificationPush => ({
      id: randomUUID(),
      kind: 'order_confirmed',
      title,
      body: title,
      link: null,
      orderId: null,
      createdAt: new Date().toISOString(),
    });
    const a = push('First');
    const b = push('Second');
    const streamA = await appendToUserStream(redis, userId, a.id, JSON.stringify(a));
    const streamB = await appendToUserStream(redis, userId, b.id, JSON.stringify(b));
    await appendUserFanout(redis, userId, b.id, JSON.stringify(b), streamB);
    await appendUserFanout(redis, userId, a.id, JSON.stringify(a), streamA);
    await waitUntil('both notifications', () => bell.length >= 3, 5_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      bell.slice(1).map((m) => [m.id, m.data.kind === 'notification' && m.data.notification.title]),
    ).toEqual([
      [streamA.id, 'First'],
      [streamB.id, 'Second'],
    ]);
  });
});

function statusOf(message: TrackingMessage | KitchenMessage): string | null {
  return message.kind === 'order_status' ? message.to : null;
}
