import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { PrismaTransaction } from '@tiffin/db';
import type { TestDatabase } from '@tiffin/stack/testing';
import { DeliveryStatus, OrderStatus } from '@tiffin/db/enums';
import { createTestDatabase } from '@tiffin/stack/testing';

import { canTransitionDelivery } from '../deliveries/delivery-state-machine';
import { createDeliveryForOrder, transitionDelivery } from '../deliveries/delivery-transitions';
import { IllegalTransitionError, StaleTransitionError } from '../errors';
import { processOnce } from '../inbox/process-once';
import { refillStock } from '../stock/refill-stock';
import { canTransitionOrder } from './order-state-machine';
import { placeOrder } from './place-order';
import { transitionOrder } from './transition-order';

let t: TestDatabase;
let customerId: string;
let courierId: string;
let itemId: string;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  courierId = (await t.db.user.findUniqueOrThrow({ where: { email: 'courier@tiffin.test' } })).id;
  const item = await t.db.menuItem.findFirstOrThrow({
    where: { restaurant: { slug: 'saffron-tandoor' } },
  });
  await t.db.menuItem.update({ where: { id: item.id }, data: { stock: 10_000 } });
  itemId = item.id;
});
afterAll(async () => {
  await t.drop();
});

async function newOrder(quantity = 1) {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: itemId, quantity }],
      deliveryAddress: '1 Test Road',
      idempotencyKey: randomUUID(),
    },
    { userId: customerId },
  );
  return order.orderId;
}

/** Forces an order into a status without the state machine, to test transitions out of it. */
async function orderAt(status: OrderStatus) {
  const orderId = await newOrder();
  await t.db.order.update({ where: { id: orderId }, data: { status } });
  return orderId;
}

async function snapshot(orderId: string) {
  const [order, history, events] = await Promise.all([
    t.db.order.findUniqueOrThrow({
      where: { id: orderId },
      select: { status: true, version: true },
    }),
    t.db.orderStatusChange.count({ where: { orderId } }),
    t.db.outboxEvent.count(),
  ]);
  return { order, history, events };
}

/** Resolves once `count` backends of this database wait on a row lock. */
async function waitForLockWaiters(count: number) {
  for (let i = 0; i < 500; i++) {
    const { rows } = await t.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n >= count) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${count} lock waiter(s) after 5 s`);
}

/**
 * Forces the race the version guards against: A transitions and holds its transaction open;
 * B reads the same status and version, then blocks on A's row lock; A commits; B's conditional
 * update then matches nothing. Returns both outcomes.
 */
async function race<T>(step: (tx: PrismaTransaction) => Promise<T>) {
  let commitA!: () => void;
  const held = new Promise<void>((resolve) => (commitA = resolve));
  let aDone!: () => void;
  const aTransitioned = new Promise<void>((resolve) => (aDone = resolve));
  const a = t.db.$transaction(async (tx) => {
    const result = await step(tx);
    aDone();
    await held;
    return result;
  });
  await aTransitioned;
  const b = t.db.$transaction((tx) => step(tx)).catch((e: unknown) => e);
  await waitForLockWaiters(1);
  commitA();
  return { a: await a, b: await b };
}

describe('transitionOrder', () => {
  it('moves along the happy path, each step with its history row, version and event', async () => {
    const orderId = await newOrder();
    const path: OrderStatus[] = [
      'created',
      'confirmed',
      'preparing',
      'ready_for_pickup',
      'out_for_delivery',
      'delivered',
    ];
    for (let i = 1; i < path.length; i++) {
      await t.db.$transaction((tx) => transitionOrder(tx, orderId, path[i - 1]!, path[i]!, 'test'));
    }
    const order = await t.db.order.findUniqueOrThrow({
      where: { id: orderId },
      include: { statusChanges: { orderBy: { at: 'asc' } } },
    });
    expect(order.status).toBe('delivered');
    expect(order.version).toBe(6);
    expect(order.statusChanges.map((c) => [c.from, c.to])).toEqual([
      [null, 'created'],
      ['created', 'confirmed'],
      ['confirmed', 'preparing'],
      ['preparing', 'ready_for_pickup'],
      ['ready_for_pickup', 'out_for_delivery'],
      ['out_for_delivery', 'delivered'],
    ]);
    const events = await t.db.outboxEvent.findMany({
      where: { correlationId: order.correlationId, type: 'order.status_changed.v1' },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => (e.payload as { to: string; version: number }).to)).toEqual(
      path.slice(1),
    );
    expect(events.map((e) => (e.payload as { version: number }).version)).toEqual([2, 3, 4, 5, 6]);
  });

  it('refuses every illegal pair with a typed error and writes nothing', async () => {
    // Enumerated from the schema's enum and the lifecycle written out here, not from the table under test.
    const statuses = Object.values(OrderStatus);
    expect(statuses).toEqual([
      'awaiting_payment',
      'created',
      'confirmed',
      'preparing',
      'ready_for_pickup',
      'out_for_delivery',
      'delivered',
      'cancelled',
    ]);
    const legal = new Set([
      'awaiting_payment→created',
      'awaiting_payment→cancelled',
      'created→confirmed',
      'confirmed→preparing',
      'preparing→ready_for_pickup',
      'ready_for_pickup→out_for_delivery',
      'out_for_delivery→delivered',
      'created→cancelled',
      'confirmed→cancelled',
    ]);
    const illegal = statuses.flatMap((from) =>
      statuses.filter((to) => !legal.has(`${from}→${to}`)).map((to) => [from, to] as const),
    );
    expect(illegal).toHaveLength(8 * 8 - 9);
    // The table under test agrees with that lifecycle on every pair.
    for (const from of statuses) {
      for (const to of statuses)
        expect(canTransitionOrder(from, to)).toBe(legal.has(`${from}→${to}`));
    }
    for (const [from, to] of illegal) {
      const orderId = await orderAt(from);
      const before = await snapshot(orderId);
      const error = await t.db
        .$transaction((tx) => transitionOrder(tx, orderId, from, to, 'test'))
        .catch((e: unknown) => e);
      expect(error, `${from} → ${to}`).toBeInstanceOf(IllegalTransitionError);
      expect(await snapshot(orderId)).toEqual(before);
    }
  });

  it('refuses a legal step from a status the order is no longer in (stale), and a wrong version', async () => {
    const orderId = await orderAt('preparing');
    const before = await snapshot(orderId);
    await expect(
      t.db.$transaction((tx) => transitionOrder(tx, orderId, 'created', 'confirmed', 'test')),
    ).rejects.toBeInstanceOf(StaleTransitionError);
    await expect(
      t.db.$transaction((tx) =>
        transitionOrder(tx, orderId, 'preparing', 'ready_for_pickup', 'test', {
          expectedVersion: 99,
        }),
      ),
    ).rejects.toThrow(/version 1/);
    expect(await snapshot(orderId)).toEqual(before);
  });

  it('two concurrent identical transitions: exactly one wins', async () => {
    const orderId = await newOrder();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        t.db.$transaction((tx) => transitionOrder(tx, orderId, 'created', 'confirmed', 'test')),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await t.db.orderStatusChange.count({ where: { orderId, to: 'confirmed' } })).toBe(1);
  });

  it('a transition that loses the race to a concurrent one from the same state is stale and writes nothing', async () => {
    const orderId = await newOrder();
    const { correlationId } = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    const { a, b } = await race((tx) => transitionOrder(tx, orderId, 'created', 'confirmed', 'x'));

    expect(a).toMatchObject({ from: 'created', to: 'confirmed', version: 2 });
    expect(b).toBeInstanceOf(StaleTransitionError);
    expect((b as StaleTransitionError).actual).toBe('confirmed');
    expect(await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      status: 'confirmed',
      version: 2,
    });
    expect(await t.db.orderStatusChange.count({ where: { orderId, to: 'confirmed' } })).toBe(1);
    expect(
      await t.db.outboxEvent.count({ where: { correlationId, type: 'order.status_changed.v1' } }),
    ).toBe(1);
  });

  it('cancelling from confirmed puts the stock back and says so', async () => {
    const stockBefore = (await t.db.menuItem.findUniqueOrThrow({ where: { id: itemId } })).stock;
    const orderId = await newOrder(4);
    await t.db.$transaction((tx) => transitionOrder(tx, orderId, 'created', 'confirmed', 'test'));
    await t.db.$transaction((tx) =>
      transitionOrder(tx, orderId, 'confirmed', 'cancelled', 'customer'),
    );
    expect((await t.db.menuItem.findUniqueOrThrow({ where: { id: itemId } })).stock).toBe(
      stockBefore,
    );
    const { correlationId } = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    const refund = await t.db.outboxEvent.findFirstOrThrow({
      where: {
        correlationId,
        type: 'menu.stock_changed.v1',
        payload: { path: ['reason'], equals: 'cancellation' },
      },
    });
    expect(refund.payload).toMatchObject({ items: [{ menuItemId: itemId, stock: stockBefore }] });
  });
});

describe('deliveries', () => {
  it('are created once per order, only once the kitchen accepted it, and move waiting → assigned → on_the_way → delivered', async () => {
    // A new order, and a cancelled one, get none: nothing to offer couriers.
    for (const status of ['created', 'cancelled'] as const) {
      const early = await orderAt(status);
      const before = await snapshot(early);
      expect(await t.db.$transaction((tx) => createDeliveryForOrder(tx, early))).toEqual({
        deliveryId: null,
        created: false,
      });
      expect(await t.db.delivery.count({ where: { orderId: early } })).toBe(0);
      expect(await snapshot(early)).toEqual(before);
    }
    const orderId = await newOrder();
    await t.db.$transaction((tx) => transitionOrder(tx, orderId, 'created', 'confirmed', 'test'));
    const first = await t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId));
    const again = await t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId));
    expect(first.created).toBe(true);
    expect(again).toEqual({ deliveryId: first.deliveryId, created: false });
    expect(await t.db.delivery.count({ where: { orderId } })).toBe(1);
    const deliveryId = first.deliveryId!;

    await t.db.$transaction((tx) =>
      transitionDelivery(tx, deliveryId, 'waiting', 'assigned', 'courier', { courierId }),
    );
    await t.db.$transaction((tx) =>
      transitionDelivery(tx, deliveryId, 'assigned', 'on_the_way', 'courier'),
    );
    await t.db.$transaction((tx) =>
      transitionDelivery(tx, deliveryId, 'on_the_way', 'delivered', 'courier'),
    );
    const delivery = await t.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
    expect(delivery).toMatchObject({ status: 'delivered', version: 4, courierId });
    expect(delivery.assignedAt).toBeInstanceOf(Date);
    expect(delivery.pickedUpAt!.getTime()).toBeGreaterThanOrEqual(delivery.assignedAt!.getTime());
    expect(delivery.deliveredAt!.getTime()).toBeGreaterThanOrEqual(delivery.pickedUpAt!.getTime());
    const { correlationId } = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    const deliveryEvents = (
      await t.db.outboxEvent.findMany({ where: { correlationId }, orderBy: { seq: 'asc' } })
    ).filter((e) => e.type.startsWith('delivery.'));
    expect(deliveryEvents.map((e) => e.type)).toEqual([
      'delivery.created.v1',
      'delivery.status_changed.v1',
      'delivery.status_changed.v1',
      'delivery.status_changed.v1',
    ]);
    expect(deliveryEvents.slice(1).map((e) => e.payload)).toEqual([
      expect.objectContaining({ from: 'waiting', to: 'assigned', courierId }),
      expect.objectContaining({ from: 'assigned', to: 'on_the_way', courierId }),
      expect.objectContaining({ from: 'on_the_way', to: 'delivered', courierId }),
    ]);
  });

  it('refuse every illegal delivery pair, each without changing the row or writing an event', async () => {
    // Enumerated from the schema's enum and the lifecycle written out here, not from the table under test.
    const statuses = Object.values(DeliveryStatus);
    expect(statuses).toEqual(['waiting', 'assigned', 'on_the_way', 'delivered', 'cancelled']);
    const legal = new Set([
      'waiting→assigned',
      'assigned→on_the_way',
      'on_the_way→delivered',
      'waiting→cancelled',
      'assigned→cancelled',
    ]);
    const illegal = statuses.flatMap((from) =>
      statuses.filter((to) => !legal.has(`${from}→${to}`)).map((to) => [from, to] as const),
    );
    expect(illegal).toHaveLength(5 * 5 - 5);
    for (const from of statuses) {
      for (const to of statuses) {
        expect(canTransitionDelivery(from, to), `${from} → ${to}`).toBe(legal.has(`${from}→${to}`));
      }
    }

    const orderId = await orderAt('confirmed');
    const { deliveryId } = await t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId));
    const deliverySnapshot = async () => ({
      delivery: await t.db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } }),
      events: await t.db.outboxEvent.count(),
    });
    for (const [from, to] of illegal) {
      await t.db.delivery.update({ where: { id: deliveryId! }, data: { status: from } });
      const before = await deliverySnapshot();
      const error = await t.db
        .$transaction((tx) => transitionDelivery(tx, deliveryId!, from, to, 'test', { courierId }))
        .catch((e: unknown) => e);
      expect(error, `${from} → ${to}`).toBeInstanceOf(IllegalTransitionError);
      expect(await deliverySnapshot(), `${from} → ${to}`).toEqual(before);
    }
  });

  it('a delivery step that loses the race to a concurrent one is stale and writes nothing', async () => {
    const orderId = await orderAt('confirmed');
    const { deliveryId } = await t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId));
    const { correlationId } = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    const { a, b } = await race((tx) =>
      transitionDelivery(tx, deliveryId!, 'waiting', 'assigned', 'x', { courierId }),
    );

    expect(a).toMatchObject({ from: 'waiting', to: 'assigned', version: 2, courierId });
    expect(b).toBeInstanceOf(StaleTransitionError);
    expect(await t.db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } })).toMatchObject({
      status: 'assigned',
      version: 2,
      courierId,
    });
    expect(
      await t.db.outboxEvent.count({
        where: { correlationId, type: 'delivery.status_changed.v1' },
      }),
    ).toBe(1);
  });
});

describe('processOnce', () => {
  it('applies an effect once per (group, event), even for concurrent duplicates', async () => {
    const event = { eventId: randomUUID(), type: 'order.created.v1' };
    let effects = 0;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        processOnce(t.db, 'test-group', event, async () => {
          effects++;
          return 'done';
        }),
      ),
    );
    expect(effects).toBe(1);
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    // Another group is independent.
    expect((await processOnce(t.db, 'other-group', event, async () => 1)).applied).toBe(true);
    expect(await t.db.inboxEntry.count({ where: { eventId: event.eventId } })).toBe(2);
  });

  it('a failing effect leaves no inbox row, so a retry applies it', async () => {
    const event = { eventId: randomUUID(), type: 'order.created.v1' };
    await expect(
      processOnce(t.db, 'g', event, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await t.db.inboxEntry.count({ where: { eventId: event.eventId } })).toBe(0);
    expect((await processOnce(t.db, 'g', event, async () => 1)).applied).toBe(true);
  });
});

describe('refillStock', () => {
  it('raises items below the threshold to the target, one event per item', async () => {
    const low = await t.db.menuItem.findMany({
      where: { restaurant: { slug: 'kaze-ramen' } },
      take: 3,
    });
    await Promise.all(
      low.map((i, n) => t.db.menuItem.update({ where: { id: i.id }, data: { stock: n } })),
    );
    const belowBefore = await t.db.menuItem.count({
      where: { stock: { lt: 5 }, isAvailable: true },
    });

    const { refilled, correlationId } = await refillStock(t.db, { threshold: 5, target: 40 });

    expect(refilled).toBe(belowBefore);
    expect(await t.db.menuItem.count({ where: { stock: { lt: 5 }, isAvailable: true } })).toBe(0);
    for (const item of low) {
      expect((await t.db.menuItem.findUniqueOrThrow({ where: { id: item.id } })).stock).toBe(40);
    }
    const events = await t.db.outboxEvent.findMany({ where: { correlationId } });
    expect(events).toHaveLength(refilled);
    expect(events.every((e) => e.type === 'menu.stock_changed.v1')).toBe(true);
  });
});
