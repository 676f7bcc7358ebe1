// The event paths on a real Redis Cluster (6 redis-server processes, 3 masters + 3 replicas):
// worker processes on REDIS_CLUSTER_NODES take orders through the whole lifecycle (outbox relay,
// partitioned consumer groups, durable timers, tracking projection, hub), the keys spread over
// every master, and a master killed mid-lifecycle costs no step, no tracked event and no order.
import type { Cluster, Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TrackedEntry } from '@tiffin/events';
import type { RunningApp, RunningRedisCluster } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { placeOrder } from '@tiffin/domain';
import {
  addDeadLetter,
  countDeadLetters,
  createEnvelope,
  createRedisClient,
  EVENT_STREAMS,
  eventStream,
  getDeadLetter,
  inHistoryOrder,
  listDeadLetters,
  orderHistoryStream,
  replayAllDeadLetters,
  streamPartitions,
  TRACKING_FANOUT,
  TrackingHub,
} from '@tiffin/events';
import { freePort, startRedisCluster, startWorker } from '@tiffin/stack';
import { createTestDatabase, waitUntil } from '@tiffin/stack/testing';

let t: TestDatabase;
let cluster: RunningRedisCluster;
let redis: Cluster;
let customerId: string;
/** One dish of each seeded restaurant, so orders spread over several partitions. */
let dishes: { id: string; restaurantId: string }[];
const workers: RunningApp[] = [];
/** Every worker's output, printed when a worker never gets ready. */
const workerLines: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), { poolSize: 20 });
  cluster = await startRedisCluster({ nodeTimeoutMs: 2_000 });
  redis = createRedisClient({ clusterNodes: cluster.seeds }) as Cluster;
  redis.on('error', () => undefined);
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  // Every restaurant takes orders at any hour: some seeded ones keep hours, and CI runs at night.
  await t.db.openingHours.deleteMany();
  const restaurants = await t.db.restaurant.findMany({
    include: { menuItems: { take: 1 } },
  });
  dishes = restaurants.flatMap((r) => r.menuItems.map((d) => ({ id: d.id, restaurantId: r.id })));
  await t.db.menuItem.updateMany({
    where: { id: { in: dishes.map((d) => d.id) } },
    data: { stock: 100_000 },
  });
}, 120_000);

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => {
  redis?.disconnect();
  await cluster?.stop();
  await t?.drop();
});

function spawnWorker(httpPort: number, extra: Record<string, string> = {}): RunningApp {
  const worker = startWorker(
    {
      databaseUrl: t.url,
      redisUrl: cluster.url,
      authSecret: 'unused-by-the-worker-000000000000',
      port: 0,
      extra: {
        REDIS_CLUSTER_NODES: cluster.seeds.join(','),
        WORKER_HTTP_PORT: String(httpPort),
        SIM_SPEED: '1000',
        SIM_COURIER_SPEED_KMH: '1000',
        CONSUMER_CLAIM_IDLE_MS: '3000',
        CONSUMER_CLAIM_INTERVAL_MS: '1000',
        CONSUMER_BLOCK_MS: '200',
        OUTBOX_SWEEP_MS: '200',
        TIMER_LEASE_MS: '3000',
        HEALTH_FAILING_THRESHOLD_MS: '300',
        REFILL_INTERVAL_MS: String(60 * 60_000),
        ...extra,
      },
    },
    { sink: (line) => workerLines.push(line) },
  );
  workers.push(worker);
  return worker;
}

async function waitForReady(httpPort: number): Promise<void> {
  try {
    await waitUntil('worker ready', async () => (await readyStatus(httpPort)) === 200, 90_000);
  } catch (error) {
    console.error(workerLines.slice(-40).join('\n'));
    throw error;
  }
}

/** How many hash slots hold this master's keys (its KEYS, each asked CLUSTER KEYSLOT). */
async function occupiedSlots(master: Redis): Promise<number> {
  const keys = await master.keys('*');
  const pipeline = master.pipeline();
  for (const key of keys) pipeline.cluster('KEYSLOT', key);
  const replies = (await pipeline.exec()) ?? [];
  return new Set(replies.map(([, slot]) => Number(slot))).size;
}

async function readyStatus(httpPort: number): Promise<number> {
  try {
    const response = await fetch(`http://127.0.0.1:${httpPort}/api/health/ready`);
    return response.status;
  } catch {
    return 0;
  }
}

async function placeOrders(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { order } = await placeOrder(
      t.db,
      {
        items: [{ menuItemId: dishes[i % dishes.length]!.id, quantity: 1 }],
        deliveryAddress: '9 Cluster Street',
        idempotencyKey: randomUUID(),
      },
      { userId: customerId },
    );
    ids.push(order.orderId);
  }
  return ids;
}

async function deliveredCount(orderIds: string[]): Promise<number> {
  return t.db.order.count({ where: { id: { in: orderIds }, status: 'delivered' } });
}

/** Each order has its six lifecycle steps exactly once, and one delivered delivery. */
async function expectEveryStepOnce(orderIds: string[]) {
  const histories = await t.db.orderStatusChange.groupBy({
    by: ['orderId', 'to'],
    where: { orderId: { in: orderIds } },
    _count: { _all: true },
  });
  expect(histories).toHaveLength(orderIds.length * 6);
  expect(histories.every((h) => h._count._all === 1)).toBe(true);
  expect(
    await t.db.delivery.count({ where: { orderId: { in: orderIds }, status: 'delivered' } }),
  ).toBe(orderIds.length);
}

/** The event ids of an order's tracking history, oldest first. */
async function historyEventIds(orderId: string): Promise<string[]> {
  const entries = await redis.xrange(orderHistoryStream(orderId), '-', '+');
  return entries.map(([, fields]) => {
    const json = fields[fields.indexOf('envelope') + 1] ?? '{}';
    return (JSON.parse(json) as { eventId: string }).eventId;
  });
}

describe('on a Redis Cluster', () => {
  it('the dead-letter tools list, show and replay across partitions, one slot per MULTI', async () => {
    const envelopes = Array.from({ length: 6 }, () =>
      createEnvelope(
        'restaurant.autopilot_changed.v1',
        {
          restaurantId: randomUUID(),
          enabled: false,
          actor: 'system',
          at: new Date().toISOString(),
        },
        { correlationId: randomUUID(), source: 'test' },
      ),
    );
    const ids: string[] = [];
    for (const envelope of envelopes) {
      ids.push(
        await addDeadLetter(redis, {
          originalStream: eventStream(envelope),
          group: 'cluster-test',
          originalId: '0-1',
          type: envelope.type,
          envelope: JSON.stringify(envelope),
          error: 'made by the cluster test',
          attempts: 1,
          failedAt: new Date().toISOString(),
        }),
      );
    }
    // Spread over several partitions (and so several masters), each id naming its partition.
    expect(new Set(ids.map((id) => id.split('/')[0])).size).toBeGreaterThan(1);
    expect(await countDeadLetters(redis)).toBe(6);
    expect((await listDeadLetters(redis)).map((l) => l.id).sort()).toEqual([...ids].sort());
    expect((await getDeadLetter(redis, ids[0]!))?.envelope).toBe(JSON.stringify(envelopes[0]));
    const { replayed, skipped } = await replayAllDeadLetters(redis);
    expect(skipped).toEqual([]);
    expect(replayed).toHaveLength(6);
    expect(await countDeadLetters(redis)).toBe(0);
    for (const [i, envelope] of envelopes.entries()) {
      const stream = eventStream(envelope);
      expect(replayed.find((r) => r.id === ids[i])?.originalStream).toBe(stream);
      const entries = await redis.xrange(stream, '-', '+');
      expect(entries.some(([, fields]) => fields.includes(JSON.stringify(envelope)))).toBe(true);
    }
  });

  it('orders run their whole lifecycle, and Tiffin’s keys spread over every master', async () => {
    const httpPort = await freePort();
    spawnWorker(httpPort);
    await waitForReady(httpPort);

    const orderIds = await placeOrders(200);
    await waitUntil(
      'every order delivered',
      async () => (await deliveredCount(orderIds)) === orderIds.length,
      150_000,
      250,
    );
    await expectEveryStepOnce(orderIds);
    expect(await countDeadLetters(redis)).toBe(0);

    // Spread: the hash slots Tiffin's keys occupy, per master, and per stream a partition on each
    // master (COUNTKEYSINSLOT). Slots, because a slot is what the cluster places: keys sharing a
    // tag share one slot whatever their number (each seeded restaurant's history holds its dedupe
    // markers, a quarter of all keys here in four slots), so key counts per master swing by run.
    const masters = redis.nodes('master');
    expect(masters).toHaveLength(3);
    const sizes = await Promise.all(masters.map((m) => m.dbsize()));
    const total = sizes.reduce((sum, n) => sum + n, 0);
    const slotCounts = await Promise.all(masters.map((m) => occupiedSlots(m)));
    const slotTotal = slotCounts.reduce((sum, n) => sum + n, 0);
    const shares = slotCounts.map((n) => n / slotTotal);
    console.log(
      `[spread] ${total} keys in ${slotTotal} slots: ${masters
        .map(
          (m, i) =>
            `${m.options.port}=${sizes[i]} keys (${((sizes[i]! / total) * 100).toFixed(1)}%), ${slotCounts[i]} slots (${(shares[i]! * 100).toFixed(1)}%)`,
        )
        .join('; ')}`,
    );
    for (const share of shares) expect(share).toBeGreaterThanOrEqual(0.15);
    for (const size of sizes) expect(size).toBeGreaterThan(0);
    for (const name of [...EVENT_STREAMS, TRACKING_FANOUT]) {
      const slots = await Promise.all(
        streamPartitions(name).map(async (p) => Number(await redis.cluster('KEYSLOT', p))),
      );
      for (const master of masters) {
        const counts = await Promise.all(
          slots.map(async (slot) => Number(await master.cluster('COUNTKEYSINSLOT', slot))),
        );
        expect(
          counts.some((n) => n > 0),
          `a partition of ${name} on ${master.options.port}`,
        ).toBe(true);
      }
    }
  }, 240_000);

  it('kill -9 of a master mid-lifecycle with two workers: its replica takes over, and nothing is lost or doubled', async () => {
    const httpPort = await freePort();
    spawnWorker(httpPort, { SIM_SPEED: '20' });
    // A second worker shares every consumer group: the fan-out may then carry an order's
    // steps in another order than its history, which subscribers put right (inHistoryOrder).
    const secondPort = await freePort();
    spawnWorker(secondPort, { SIM_SPEED: '20' });
    await Promise.all([waitForReady(httpPort), waitForReady(secondPort)]);

    // Subscribers as the tracking page and the kitchen board are: each applies its history's
    // entries once, in order, whatever order the fan-out brings them in.
    const hub = new TrackingHub({ redis, blockMs: 200 });
    const received = new Map<string, string[]>();
    const boards = new Map<string, { from: string; seen: string[] }>();
    const follow = (
      kind: 'order' | 'restaurant',
      key: string,
      from: string,
      history: (afterId: string) => Promise<TrackedEntry[]>,
      record: (entry: TrackedEntry) => void,
    ) => {
      let lastId = from;
      let turn = Promise.resolve();
      return hub.subscribe(kind, key, (entry) => {
        turn = turn.then(async () => {
          for (const next of await inHistoryOrder(entry, lastId, history)) {
            lastId = next.id;
            record(next);
          }
        });
      });
    };
    for (const restaurantId of new Set(dishes.map((d) => d.restaurantId))) {
      const from = (await hub.latestRestaurantHistoryId(restaurantId)) ?? '0-0';
      const board = { from, seen: [] as string[] };
      boards.set(restaurantId, board);
      await follow(
        'restaurant',
        restaurantId,
        from,
        (id) => hub.restaurantHistory(restaurantId, id),
        (entry) => board.seen.push(entry.id),
      );
    }

    const orderIds = await placeOrders(40);
    for (const orderId of orderIds) {
      await follow(
        'order',
        orderId,
        '0-0',
        (id) => hub.orderHistory(orderId, id),
        ({ envelope }) =>
          received.set(orderId, [...(received.get(orderId) ?? []), envelope.eventId]),
      );
    }
    await waitUntil(
      'orders mid-lifecycle',
      async () => {
        const confirmed = await t.db.order.count({
          where: { id: { in: orderIds }, status: { not: 'created' } },
        });
        return confirmed > 0 && (await deliveredCount(orderIds)) < orderIds.length;
      },
      60_000,
      50,
    );
    const deliveredBefore = await deliveredCount(orderIds);

    // Readiness, polled all along: it must go down with the master and come back.
    const readiness: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        readiness.push(await readyStatus(httpPort));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const victim = redis.nodes('master')[0]!;
    const victimPort = victim.options.port!;
    const killedAt = Date.now();
    cluster.crash(victimPort);
    const survivor = redis.nodes('master').find((m) => m.options.port !== victimPort)!;
    await waitUntil(
      'the dead master failed over to its replica',
      async () => {
        const info = String(await survivor.cluster('INFO'));
        // CLUSTER NODES: id, address, flags, master id, …; `fail` (not `fail?`) is agreed.
        const nodes = String(await survivor.cluster('NODES'))
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split(' '))
          .map(([, address = '', flags = '']) => ({ address, flags: flags.split(',') }));
        const victimNode = nodes.find((n) => n.address.startsWith(`127.0.0.1:${victimPort}@`));
        const liveMasters = nodes.filter(
          (n) => n.flags.includes('master') && !n.flags.some((f) => f.startsWith('fail')),
        );
        return (
          info.includes('cluster_state:ok') &&
          victimNode?.flags.includes('fail') === true &&
          liveMasters.length === 3
        );
      },
      30_000,
      50,
    );
    const promotedMs = Date.now() - killedAt;

    await waitUntil(
      'every order delivered after the failover',
      async () => (await deliveredCount(orderIds)) === orderIds.length,
      150_000,
      250,
    );
    const recoveredMs = Date.now() - killedAt;
    await waitUntil('ready again', async () => (await readyStatus(httpPort)) === 200, 30_000);
    polling = false;
    await poller;

    await expectEveryStepOnce(orderIds);
    // Each order's history holds each event once, and the subscriber saw each of them once.
    let steps = 0;
    for (const orderId of orderIds) {
      const history = await historyEventIds(orderId);
      expect(new Set(history).size).toBe(history.length);
      await waitUntil(
        `the subscriber has ${orderId}'s history`,
        () => (received.get(orderId) ?? []).length >= history.length,
        10_000,
      );
      // Exactly once each and in history order, as the tracking page shows them.
      expect(received.get(orderId)).toEqual(history);
      steps += history.length;
    }
    // Every kitchen board saw its restaurant's history since it subscribed, once each, in order.
    for (const [restaurantId, board] of boards) {
      const history = await hub.restaurantHistory(restaurantId, board.from);
      await waitUntil(
        `the board of ${restaurantId} has its history`,
        () => board.seen.length >= history.length,
        10_000,
      );
      expect(board.seen).toEqual(history.map((e) => e.id));
    }
    expect(await countDeadLetters(redis)).toBe(0);
    expect(readiness.some((s) => s !== 200)).toBe(true);
    expect(readiness.at(-1)).toBe(200);
    await hub.stop();
    console.log(
      `[failover] 2 workers, ${orderIds.length} orders (${deliveredBefore} delivered at the kill), ${steps} tracked events each once, in order; ` +
        `replica promoted after ${promotedMs} ms, every order delivered ${recoveredMs} ms after the kill; ` +
        `readiness not-ready for ${readiness.filter((s) => s !== 200).length} of ${readiness.length} polls`,
    );
  }, 300_000);
});
