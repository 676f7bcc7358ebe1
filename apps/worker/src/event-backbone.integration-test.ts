// The event backbone end to end, with real worker processes, a real PostgreSQL and this file's
// own redis-server: orders move by themselves to delivered, and survive a killed worker, a Redis
// outage and a second worker, with every transition exactly once.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RunningApp, RunningService } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { placeOrder, transitionOrder } from '@tiffin/domain';
import {
  allTimerKeys,
  countDeadLetters,
  deadLetterStreamFor,
  logicalStreamOf,
  partitionStream,
  recentDeadLetters,
  REFILL_RUNS_KEY,
  refillSlotKey,
  streamPartitions,
  STREAMS,
  TIMER_IDS,
  timerDueTimes,
} from '@tiffin/events';
import { freePort, startRedis, startWorker } from '@tiffin/stack';
import { createTestDatabase, waitUntil as until } from '@tiffin/stack/testing';

import {
  autopilotConsumer,
  deliveryConsumer,
  kitchenTimeoutsConsumer,
  trackingConsumer,
} from './consumers';

/** Each step of an order at an autopilot restaurant, with who took it: nobody signed in. */
const LIFECYCLE: [string | null, string, 'customer' | 'autopilot'][] = [
  [null, 'created', 'customer'],
  ['created', 'confirmed', 'autopilot'],
  ['confirmed', 'preparing', 'autopilot'],
  ['preparing', 'ready_for_pickup', 'autopilot'],
  ['ready_for_pickup', 'out_for_delivery', 'autopilot'],
  ['out_for_delivery', 'delivered', 'autopilot'],
];

const CONSUMERS = [autopilotConsumer, deliveryConsumer, kitchenTimeoutsConsumer, trackingConsumer];

/** The consumer groups that read a stream. */
const groupsOn = (stream: string) =>
  CONSUMERS.filter((c) => c.streams.includes(logicalStreamOf(stream) ?? stream)).map(
    (c) => c.group,
  );

/** Every partition of the orders and deliveries streams. */
const ORDER_AND_DELIVERY_PARTITIONS = [
  ...streamPartitions(STREAMS.orders),
  ...streamPartitions(STREAMS.deliveries),
];

let t: TestDatabase;
let redisServer: RunningService;
let redisPort: number;
let redis: Redis;
const redisDir = path.join(os.tmpdir(), `tiffin-backbone-redis-${process.pid}`);
let customerId: string;
let itemIds: string[];
const workers: RunningApp[] = [];
const logs = new Map<RunningApp, string[]>();

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), { poolSize: 20 });
  redisPort = await freePort();
  // AOF on, as in production, so the outage test's restart keeps streams and groups.
  redisServer = await startRedis({ port: redisPort, dataDir: redisDir });
  redis = new Redis(redisServer.url);
  // The outage test stops this server on purpose; the client reconnects by itself.
  redis.on('error', () => undefined);
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  const items = await t.db.menuItem.findMany({
    where: { restaurant: { slug: 'nonna-lucia' } },
    take: 3,
  });
  await t.db.menuItem.updateMany({
    where: { id: { in: items.map((i) => i.id) } },
    data: { stock: 100_000 },
  });
  itemIds = items.map((i) => i.id);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});
afterAll(async () => {
  redis?.disconnect();
  await redisServer?.stop();
  await t?.drop();
});

function spawnWorker(extra: Record<string, string> = {}): RunningApp {
  const lines: string[] = [];
  const worker = startWorker(
    {
      databaseUrl: t.url,
      redisUrl: `redis://127.0.0.1:${redisPort}`,
      authSecret: 'unused-by-the-worker-000000000000',
      port: 0,
      extra: {
        SIM_SPEED: '1000',
        // A 1.2 km ride in a few milliseconds.
        SIM_COURIER_SPEED_KMH: '1000',
        CONSUMER_CLAIM_IDLE_MS: '1500',
        CONSUMER_CLAIM_INTERVAL_MS: '500',
        CONSUMER_BLOCK_MS: '200',
        OUTBOX_SWEEP_MS: '200',
        TIMER_LEASE_MS: '2000',
        REFILL_INTERVAL_MS: String(60 * 60_000),
        REFILL_ON_START: 'true',
        ...extra,
      },
    },
    { sink: (line) => lines.push(line) },
  );
  logs.set(worker, lines);
  workers.push(worker);
  return worker;
}

async function ready(worker: RunningApp) {
  await until(
    'worker ready',
    () => logs.get(worker)!.some((l) => l.includes('"msg":"worker ready"')),
    30_000,
  );
}

async function placeOrders(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { order } = await placeOrder(
      t.db,
      {
        items: [{ menuItemId: itemIds[i % itemIds.length]!, quantity: 1 }],
        deliveryAddress: '7 Event Street',
        idempotencyKey: randomUUID(),
      },
      { userId: customerId },
    );
    ids.push(order.orderId);
  }
  return ids;
}

async function allDelivered(orderIds: string[]) {
  const delivered = await t.db.order.count({
    where: { id: { in: orderIds }, status: 'delivered' },
  });
  return delivered === orderIds.length;
}

/**
 * Every order has exactly the six lifecycle steps, once each, in order and by the autopilot, and
 * one delivery a simulated courier delivered.
 */
async function expectExactlyOnce(orderIds: string[]) {
  const orders = await t.db.order.findMany({
    where: { id: { in: orderIds } },
    include: {
      statusChanges: { orderBy: { at: 'asc' } },
      delivery: { include: { courier: true } },
    },
  });
  expect(orders).toHaveLength(orderIds.length);
  const actor = { customer: `user:${customerId}`, autopilot: 'autopilot' };
  for (const order of orders) {
    expect(order.statusChanges.map((c) => [c.from, c.to, c.actor])).toEqual(
      LIFECYCLE.map(([from, to, who]) => [from, to, actor[who]]),
    );
    expect(order.delivery?.status).toBe('delivered');
    expect(order.delivery?.courier?.simulated).toBe(true);
    expect(order.version).toBe(6);
  }
  expect(await t.db.delivery.count({ where: { orderId: { in: orderIds } } })).toBe(orderIds.length);
}

/** Stream entries of every partition of a logical stream as { id, envelope }. */
async function streamEvents(stream: string) {
  const entries = (
    await Promise.all(streamPartitions(stream).map((p) => redis.xrange(p, '-', '+')))
  ).flat();
  return entries.map(([id, fields]) => {
    const json = fields[fields.indexOf('envelope') + 1] ?? '{}';
    return {
      id,
      envelope: JSON.parse(json) as { eventId: string; type: string; correlationId: string },
    };
  });
}

/** Messages a worker's consumers have read but not acknowledged, across streams and groups. */
async function pendingOf(worker: RunningApp): Promise<number> {
  let total = 0;
  for (const stream of ORDER_AND_DELIVERY_PARTITIONS) {
    for (const group of groupsOn(stream)) {
      const consumers = (await redis
        .xinfo('CONSUMERS', stream, group)
        .catch(() => [])) as unknown[][];
      for (const fields of consumers) {
        const name = String(fields[fields.indexOf('name') + 1]);
        if (name.includes(`-${worker.child.pid}-`))
          total += Number(fields[fields.indexOf('pending') + 1]);
      }
    }
  }
  return total;
}

async function pendingIn(stream: string, group: string): Promise<number> {
  const summary = (await redis.xpending(stream, group)) as [number, ...unknown[]];
  return summary[0];
}

/** The id of the last entry a group has read from a stream. */
async function lastDeliveredId(stream: string, group: string): Promise<string> {
  // XINFO GROUPS replies with a flat field/value list per group.
  const groups = (await redis.xinfo('GROUPS', stream)) as (string | number | null)[][];
  const fields = groups.find((g) => g[g.indexOf('name') + 1] === group) ?? [];
  const id = fields[fields.indexOf('last-delivered-id') + 1];
  return typeof id === 'string' ? id : '0-0';
}

/** Orders two stream ids (`ms-seq`). */
function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1;
}

describe('event backbone', () => {
  it('an order moves by itself to delivered: full history, one delivery, each event once, inbox once', async () => {
    const worker = spawnWorker();
    await ready(worker);
    const [orderId] = await placeOrders(1);

    await until('delivered', () => allDelivered([orderId!]));
    await expectExactlyOnce([orderId!]);

    const { correlationId } = await t.db.order.findUniqueOrThrow({ where: { id: orderId! } });
    const events = [
      ...(await streamEvents(STREAMS.orders)),
      ...(await streamEvents(STREAMS.deliveries)),
    ]
      .map((e) => e.envelope)
      .filter((e) => e.correlationId === correlationId);
    const types = events.map((e) => e.type).sort();
    expect(types).toEqual(
      [
        'delivery.created.v1',
        'delivery.status_changed.v1', // assigned
        'delivery.status_changed.v1', // on_the_way
        'delivery.status_changed.v1', // delivered
        'order.created.v1',
        'order.status_changed.v1', // confirmed
        'order.status_changed.v1', // preparing
        'order.status_changed.v1', // ready_for_pickup
        'order.status_changed.v1', // out_for_delivery
        'order.status_changed.v1', // delivered
      ].sort(),
    );
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);

    // Every event this order produced was published, and each consumer group took it in once.
    const outbox = await t.db.outboxEvent.findMany({ where: { correlationId } });
    expect(outbox.every((row) => row.publishedAt !== null)).toBe(true);
    const inbox = await t.db.inboxEntry.findMany({
      where: { eventId: { in: events.map((e) => e.eventId) } },
    });
    const saw = (group: string) => inbox.filter((e) => e.group === group).length;
    expect(saw(autopilotConsumer.group)).toBe(10); // it decides on every order and delivery event
    expect(saw(deliveryConsumer.group)).toBe(2); // confirmed, delivery delivered
    expect(saw(kitchenTimeoutsConsumer.group)).toBe(1); // order created
    expect(new Set(inbox.map((e) => `${e.group}/${e.eventId}`)).size).toBe(inbox.length);

    // Its log lines carry the correlation id.
    expect(
      logs.get(worker)!.filter((l) => l.includes(correlationId)).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('timers are durable: a step due while no worker runs fires once a worker is back', async () => {
    // Confirmation takes about 1.5 s; the only worker stops before that.
    const slow = { SIM_SPEED: '1', SIM_CONFIRM_MS: '1500', SIM_PREPARE_MS: '60000' };
    const first = spawnWorker(slow);
    await ready(first);
    const [orderId] = await placeOrders(1);
    await until(
      'the confirm timer to be scheduled',
      async () =>
        (await timerDueTimes(redis, [TIMER_IDS.autopilotStep(orderId!, 'accept')]))[0] !== null,
    );
    await first.stop('SIGTERM');
    expect(await first.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId! } })).status).toBe(
      'created',
    );

    const second = spawnWorker(slow);
    await ready(second);
    await until('confirmed, late', async () => {
      const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId! } });
      return order.status === 'confirmed';
    });
    expect(
      await t.db.orderStatusChange.count({ where: { orderId: orderId!, to: 'confirmed' } }),
    ).toBe(1);
    await second.stop();
    // Leave no slow timers behind for the tests that follow.
    for (const keys of allTimerKeys()) await redis.del(keys.due, keys.leased, keys.data);
  });

  it('with SIM_ENABLED=false nothing moves by itself, but deliveries still follow the order', async () => {
    const worker = spawnWorker({ SIM_ENABLED: 'false' });
    await ready(worker);
    const [orderId] = await placeOrders(1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId! } })).status).toBe(
      'created',
    );

    // A person (here: the test) moves it on; the delivery group still creates the delivery when
    // the kitchen accepts, and with no autopilot nobody but a person claims it.
    for (const [from, to] of [
      ['created', 'confirmed'],
      ['confirmed', 'preparing'],
      ['preparing', 'ready_for_pickup'],
    ] as const) {
      await t.db.$transaction((tx) => transitionOrder(tx, orderId!, from, to, 'staff:test'));
    }
    await until(
      'delivery created',
      async () => (await t.db.delivery.count({ where: { orderId: orderId! } })) === 1,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await t.db.delivery.findUniqueOrThrow({ where: { orderId: orderId! } })).toMatchObject({
      status: 'waiting',
      courierId: null,
    });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId! } })).status).toBe(
      'ready_for_pickup',
    );
  });

  it('a malformed stream message goes to the dead letters and the consumers carry on', async () => {
    const worker = spawnWorker();
    await ready(worker);
    const before = await countDeadLetters(redis);
    const orders = partitionStream(STREAMS.orders, 0);
    await redis.xadd(orders, '*', 'type', 'order.created.v1', 'envelope', '{"not":"an envelope"}');

    const [orderId] = await placeOrders(1);
    await until('delivered after the bad message', () => allDelivered([orderId!]));
    // Both groups on the orders stream dead-letter it, with the validation error.
    await until('dead letters', async () => (await countDeadLetters(redis)) >= before + 2);
    const letters = await recentDeadLetters(redis, { stream: deadLetterStreamFor(orders) });
    expect(letters.length).toBeGreaterThanOrEqual(2);
    for (const letter of letters.slice(0, 2)) {
      expect(letter.originalStream).toBe(orders);
      expect(letter.error).toBeTruthy();
    }
  });

  it('the same event delivered twice has its effect once: the inbox holds end to end', async () => {
    const worker = spawnWorker();
    await ready(worker);
    const [orderId] = await placeOrders(1);
    const { correlationId } = await t.db.order.findUniqueOrThrow({ where: { id: orderId! } });

    // XADD each of this order's events a second time as soon as it appears, while the order is
    // still in flight, so both groups get every event twice, sometimes back to back.
    const copied = new Set<string>();
    const lastCopy = new Map<string, string>();
    const copyNew = async () => {
      for (const stream of ORDER_AND_DELIVERY_PARTITIONS) {
        for (const [, fields] of await redis.xrange(stream, '-', '+')) {
          const json = fields[fields.indexOf('envelope') + 1] ?? '{}';
          const { eventId, correlationId: of } = JSON.parse(json) as {
            eventId: string;
            correlationId: string;
          };
          if (of !== correlationId || copied.has(eventId)) continue;
          copied.add(eventId);
          lastCopy.set(stream, (await redis.xadd(stream, '*', ...fields))!);
        }
      }
    };
    await until('delivered, with every event copied', async () => {
      await copyNew();
      return copied.size === 10 && (await allDelivered([orderId!]));
    });
    // Both groups have read past the last copy on each stream and acknowledged everything.
    for (const [stream, copyId] of lastCopy) {
      for (const group of groupsOn(stream)) {
        await until(`${group} on ${stream} past the copies`, async () => {
          const read = await lastDeliveredId(stream, group);
          return compareIds(read, copyId) >= 0 && (await pendingIn(stream, group)) === 0;
        });
      }
    }
    // Time for any timer a copy might have scheduled (steps take milliseconds at this speed).
    await new Promise((r) => setTimeout(r, 1_000));

    await expectExactlyOnce([orderId!]);
    // No order or delivery event beyond the ten originals was written.
    const written = await t.db.outboxEvent.findMany({
      where: { correlationId, type: { not: 'menu.stock_changed.v1' } },
      select: { id: true },
    });
    expect(new Set(written.map((e) => e.id))).toEqual(copied);
    const inbox = await t.db.inboxEntry.findMany({ where: { eventId: { in: [...copied] } } });
    expect(inbox.filter((e) => e.group === autopilotConsumer.group)).toHaveLength(10);
    expect(inbox.filter((e) => e.group === deliveryConsumer.group)).toHaveLength(2);
    expect(inbox.filter((e) => e.group === kitchenTimeoutsConsumer.group)).toHaveLength(1);
    // The order's one timer left is its acceptance timeout, minutes away, which will find nothing to do.
    const timers = (
      await Promise.all(allTimerKeys().map((keys) => redis.zrange(keys.due, 0, -1)))
    ).flat();
    expect(timers.filter((id) => id.includes(orderId!))).toEqual([
      TIMER_IDS.acceptanceTimeout(orderId!),
    ]);
    // The copies stopped at the inbox: no second delivery, delivered order, or timer fired.
    const lines = logs.get(worker)!.filter((l) => l.includes(correlationId));
    const count = (msg: string) => lines.filter((l) => l.includes(`"msg":"${msg}"`)).length;
    expect(count('delivery created')).toBe(1);
    expect(count('order delivered')).toBe(1);
    expect(count('autopilot step')).toBe(4); // accept, start preparing, mark ready, pick up
    expect(count('autopilot step not needed')).toBe(0);
    expect(count('autopilot courier took the delivery')).toBe(1);
    expect(count('autopilot courier delivered')).toBe(1);
  });

  it('kill -9 of a worker holding pending messages: the other reclaims them; none lost, none doubled', async () => {
    const a = spawnWorker();
    const b = spawnWorker();
    await Promise.all([ready(a), ready(b)]);
    const orderIds = await placeOrders(30);

    // Freeze A at a moment it holds unacknowledged messages, then kill it outright.
    await until('A to hold pending messages', async () => {
      process.kill(a.child.pid!, 'SIGSTOP');
      if ((await pendingOf(a)) > 0) return true;
      process.kill(a.child.pid!, 'SIGCONT');
      await new Promise((r) => setTimeout(r, 20));
      return false;
    });
    const held = await pendingOf(a);
    process.kill(a.child.pid!, 'SIGKILL');
    expect(await a.exited).toBe(null);

    expect(held).toBeGreaterThan(0);
    await until('all delivered by B', () => allDelivered(orderIds), 120_000);
    expect(await pendingOf(a)).toBe(0);
    await expectExactlyOnce(orderIds);
    for (const stream of ORDER_AND_DELIVERY_PARTITIONS) {
      for (const group of groupsOn(stream)) {
        await until(
          `${group} on ${stream} drained`,
          async () => (await pendingIn(stream, group)) === 0,
        );
      }
    }
  });

  it('Redis down: checkout keeps working, and once it is back every order reaches delivered', async () => {
    const worker = spawnWorker();
    await ready(worker);
    await redisServer.stop();

    const orderIds = await placeOrders(20);
    expect(await t.db.outboxEvent.count({ where: { publishedAt: null } })).toBeGreaterThanOrEqual(
      20,
    );
    await new Promise((r) => setTimeout(r, 1_500));

    redisServer = await startRedis({ port: redisPort, dataDir: redisDir });
    await until('all delivered after the outage', () => allDelivered(orderIds), 120_000);
    await expectExactlyOnce(orderIds);
    await until(
      'outbox drained',
      async () => (await t.db.outboxEvent.count({ where: { publishedAt: null } })) === 0,
    );
  });

  it('two workers, 200 orders: every transition exactly once, and the refill runs once', async () => {
    // Slots are floor(now / interval): with an interval of twice the epoch time, every moment
    // from 1970 until decades ahead is slot 0, so the run cannot straddle a slot boundary.
    await redis.del(REFILL_RUNS_KEY, refillSlotKey(0));
    const oneSlot = { REFILL_INTERVAL_MS: String(2 * Date.now()), REFILL_ON_START: 'true' };
    const a = spawnWorker(oneSlot);
    const b = spawnWorker(oneSlot);
    await Promise.all([ready(a), ready(b)]);

    const orderIds = await placeOrders(200);
    await until('200 delivered', () => allDelivered(orderIds), 180_000);
    await expectExactlyOnce(orderIds);

    expect(await redis.get(REFILL_RUNS_KEY)).toBe('1');
    const refillLines = [...logs.get(a)!, ...logs.get(b)!].filter((l) =>
      l.includes('"msg":"stock refill"'),
    );
    expect(refillLines).toHaveLength(1);
  });
});
