// Autopilot holds against a real worker process, PostgreSQL and this file's own redis-server: a
// held order stops at its point for as long as the hold lasts, loses no step, and moves on
// promptly once released.
import { randomUUID } from 'node:crypto';

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { RunningApp } from '@tiffin/stack';
import type { OwnTestRedis, TestDatabase } from '@tiffin/stack/testing';
import { placeOrder } from '@tiffin/domain';
import { holdOrder, releaseOrder, TIMER_IDS, timerKeysFor } from '@tiffin/events';
import { startWorker } from '@tiffin/stack';
import { createTestDatabase, startOwnTestRedis, waitUntil as until } from '@tiffin/stack/testing';

/** Each step's delay; holds below last several times longer than any of them. */
const STEP_MS = 300;
/** The default drop-off is about 1.2 km from the restaurant: at this speed the ride takes STEP_MS. */
const RIDE_KMH = String(Math.round((1.2 / STEP_MS) * 3_600_000));

let t: TestDatabase;
let redisServer: OwnTestRedis;
let redis: RedisClient;
let customerId: string;
let itemId: string;
const workers: RunningApp[] = [];
const logs: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  // Its own server: durable timers share fixed keys, which another file's worker would take.
  redisServer = await startOwnTestRedis();
  redis = redisServer.connect();
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  const item = await t.db.menuItem.findFirstOrThrow({
    // Open around the clock (Kaze Ramen keeps hours, so an order there fails at night).
    where: { restaurant: { slug: 'casa-verde' } },
  });
  await t.db.menuItem.update({ where: { id: item.id }, data: { stock: 1_000 } });
  itemId = item.id;

  const worker = startWorker(
    {
      databaseUrl: t.url,
      redisUrl: redisServer.url,
      authSecret: 'unused-by-the-worker-000000000000',
      port: 0,
      extra: {
        ...redisServer.env,
        SIM_SPEED: '1',
        SIM_CONFIRM_MS: String(STEP_MS),
        SIM_PREPARE_MS: String(STEP_MS),
        SIM_PICKUP_MS: String(STEP_MS),
        SIM_COURIER_SPEED_KMH: RIDE_KMH,
        DISPATCH_FALLBACK_MS: String(STEP_MS),
        CONSUMER_BLOCK_MS: '200',
        OUTBOX_SWEEP_MS: '200',
        REFILL_INTERVAL_MS: String(60 * 60_000),
      },
    },
    { sink: (line) => logs.push(line) },
  );
  workers.push(worker);
  await until('worker ready', () => logs.some((l) => l.includes('"msg":"worker ready"')));
});
afterEach(() => {
  // A held step is retried quietly; a warning would mean it failed instead.
  expect(logs.filter((l) => l.includes('"level":"warn"') || l.includes('"level":"error"'))).toEqual(
    [],
  );
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  redis?.disconnect();
  await redisServer?.stop();
  await t?.drop();
});

async function newOrder(): Promise<string> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: itemId, quantity: 1 }],
      deliveryAddress: '3 Hold Street',
      idempotencyKey: randomUUID(),
    },
    { userId: customerId },
  );
  return order.orderId;
}

async function state(orderId: string) {
  const order = await t.db.order.findUniqueOrThrow({
    where: { id: orderId },
    select: { status: true, delivery: { select: { status: true } } },
  });
  return { order: order.status, delivery: order.delivery?.status ?? null };
}

async function history(orderId: string) {
  const changes = await t.db.orderStatusChange.findMany({
    where: { orderId },
    orderBy: { at: 'asc' },
  });
  return changes.map((c) => c.to);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const LIFECYCLE = [
  'created',
  'confirmed',
  'preparing',
  'ready_for_pickup',
  'out_for_delivery',
  'delivered',
];

describe('autopilot holds', () => {
  it('held at preparing, the order waits there past its cooking time; released, it goes on to delivered', async () => {
    const orderId = await newOrder();
    await holdOrder(redis, orderId, 'preparing');

    await until('preparing', async () => (await state(orderId)).order === 'preparing');
    await sleep(6 * STEP_MS);
    // The kitchen is held; a simulated courier claimed the delivery meanwhile, and waits.
    expect(await state(orderId)).toEqual({ order: 'preparing', delivery: 'assigned' });
    // The step is not lost: its durable timer is still there, waiting.
    expect(
      await redis.hexists(
        timerKeysFor(TIMER_IDS.autopilotStep(orderId, 'markReady')).data,
        TIMER_IDS.autopilotStep(orderId, 'markReady'),
      ),
    ).toBe(1);

    const released = Date.now();
    expect(await releaseOrder(redis, orderId)).toBe(true);
    await until(
      'ready for pickup',
      async () => (await state(orderId)).order === 'ready_for_pickup',
      5_000,
      20,
    );
    // About one recheck interval plus one timer poll.
    expect(Date.now() - released).toBeLessThan(1_000);

    await until('delivered', async () => (await state(orderId)).order === 'delivered');
    expect(await history(orderId)).toEqual(LIFECYCLE);
  });

  it('held at ready_for_pickup the courier never picks up; moved to on_the_way, the ride stops; released, delivered', async () => {
    const orderId = await newOrder();
    await holdOrder(redis, orderId, 'ready_for_pickup');

    await until(
      'ready, with a courier assigned',
      async () =>
        JSON.stringify(await state(orderId)) ===
        JSON.stringify({ order: 'ready_for_pickup', delivery: 'assigned' }),
    );
    await sleep(6 * STEP_MS);
    expect(await state(orderId)).toEqual({ order: 'ready_for_pickup', delivery: 'assigned' });

    // Holding again moves the hold: the pickup runs, the ride is what waits now.
    await holdOrder(redis, orderId, 'on_the_way');
    await until('on the way', async () => (await state(orderId)).delivery === 'on_the_way');
    await sleep(6 * STEP_MS);
    expect(await state(orderId)).toEqual({ order: 'out_for_delivery', delivery: 'on_the_way' });

    await releaseOrder(redis, orderId);
    await until('delivered', async () => (await state(orderId)).order === 'delivered');
    expect(await state(orderId)).toEqual({ order: 'delivered', delivery: 'delivered' });
    expect(await history(orderId)).toEqual(LIFECYCLE);
  });

  it('a hold at a point the order has already left changes nothing', async () => {
    const orderId = await newOrder();
    await until('preparing', async () => (await state(orderId)).order === 'preparing');
    await holdOrder(redis, orderId, 'created');
    await until('delivered', async () => (await state(orderId)).order === 'delivered');
    await releaseOrder(redis, orderId);
  });

  it('an unheld order next to a held one is not slowed down', async () => {
    const held = await newOrder();
    await holdOrder(redis, held, 'created');
    const free = await newOrder();
    await until('the free order delivered', async () => (await state(free)).order === 'delivered');
    expect((await state(held)).order).toBe('created');
    await releaseOrder(redis, held);
    await until('the held order delivered', async () => (await state(held)).order === 'delivered');
  });
});
