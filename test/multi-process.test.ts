// Tiffin as `npm run start:cluster` runs it: 2 web + 2 worker processes (production build), web
// and workers on PostgreSQL through PgBouncer in transaction pooling mode, nginx round robin in
// front of the webs, this file's own Redis. No sticky sessions, any web serves any subscriber,
// two workers never handle one event twice and take over each other's pending messages, and the
// checkout race still has exactly as many winners as portions through the pooler.
import type { TRPCClientError } from '@trpc/client';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { Redis } from 'ioredis';
import pg from 'pg';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';

import type { AppRouter, TrackingMessage } from '@tiffin/api';
import type { Db, DeliveryStatus, OrderStatus } from '@tiffin/db';
import type { MultiProcessStack, RunningService } from '@tiffin/stack';
import type { TestDatabase, TestRestaurant } from '@tiffin/stack/testing';
import { createDb } from '@tiffin/db';
import {
  placeOrder,
  StockConflictError,
  transitionDelivery,
  transitionOrder,
} from '@tiffin/domain';
import { eventStreamPartitions } from '@tiffin/events';
import { signIn, startMultiProcess, startRedis, trpc } from '@tiffin/stack';
import {
  createTestDatabase,
  createTestRestaurant,
  waitUntil as until,
} from '@tiffin/stack/testing';

const PASSWORD = 'tiffin-demo-1';

let t: TestDatabase;
let redis: RunningService;
let stack: MultiProcessStack;
/** Through PgBouncer, as the web and workers connect. */
let pooled: Db;
let customerId: string;
let courierId: string;
/** Saffron Tandoor (staff@tiffin.test's), with the autopilot off so the tests take its steps. */
let staffItemId: string;

/** One JSON log line of a worker, with the process it came from. */
interface WorkerLine {
  worker: string;
  line: Record<string, unknown>;
}
const workerLines: WorkerLine[] = [];

function collect(name: string, text: string) {
  if (!name.startsWith('worker-') || !text.startsWith('{')) return;
  try {
    workerLines.push({ worker: name, line: JSON.parse(text) as Record<string, unknown> });
  } catch {
    /* a line cut in two by the pipe: not a log record */
  }
}

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = await startRedis({});
  // Every restaurant is open whatever the hour; Saffron Tandoor waits for the tests' own steps.
  await t.db.openingHours.deleteMany();
  await t.db.restaurant.update({ where: { slug: 'saffron-tandoor' }, data: { autopilot: false } });
  await t.db.menuItem.updateMany({ data: { stock: 100_000 } });
  staffItemId = (
    await t.db.menuItem.findFirstOrThrow({ where: { restaurant: { slug: 'saffron-tandoor' } } })
  ).id;
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  courierId = (await t.db.user.findUniqueOrThrow({ where: { email: 'courier@tiffin.test' } })).id;
  stack = await startMultiProcess({
    directDatabaseUrl: t.url,
    redisUrl: redis.url,
    authSecret: 'multi-process-test-secret-0123456789abcdef',
    extra: {
      // Workers log each event they take ("event received", with its id) at debug.
      LOG_LEVEL: 'debug',
      ORDERS_PER_USER_PER_MINUTE: '100000',
      // Autopilot orders run from created to delivered in well under a second.
      SIM_SPEED: '500',
      SIM_COURIER_SPEED_KMH: '500',
      CONSUMER_CLAIM_IDLE_MS: '1000',
      CONSUMER_CLAIM_INTERVAL_MS: '500',
      CONSUMER_BLOCK_MS: '200',
      TIMER_LEASE_MS: '1500',
      OUTBOX_SWEEP_MS: '200',
    },
    sink: collect,
  });
  await stack.ready({ timeoutMs: 120_000 });
  pooled = createDb(stack.pooledDatabaseUrl, { max: 20 });
});

afterAll(async () => {
  await pooled?.$disconnect();
  await stack?.stop();
  await redis?.stop();
  await t?.drop();
});

async function get(path: string, cookie?: string, base = stack.url) {
  const response = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
  return {
    status: response.status,
    instance: response.headers.get('x-tiffin-instance'),
    body: await response.text(),
  };
}

const webUrl = (name: string) => {
  const web = stack.webs.find((w) => w.name === name);
  if (!web) throw new Error(`no ${name}`);
  return `http://127.0.0.1:${web.port}`;
};

async function newOrder(menuItemId: string, db: Db = pooled): Promise<string> {
  const { order } = await placeOrder(
    db,
    {
      items: [{ menuItemId, quantity: 1 }],
      deliveryAddress: '2 Balancer Row',
      idempotencyKey: randomUUID(),
    },
    { userId: customerId },
  );
  return order.orderId;
}

/** A signed-in WebSocket tRPC client that notes which web instance each connection reached. */
function liveClient(url: string, cookie: string) {
  const instances: string[] = [];
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
      this.on('upgrade', (response: IncomingMessage) =>
        instances.push(String(response.headers['x-tiffin-instance'])),
      );
    }
  }
  const wsClient = createWSClient({
    url: `${url.replace('http', 'ws')}/api/trpc-ws`,
    WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 200,
  });
  const client = createTRPCClient<AppRouter>({
    links: [wsLink({ client: wsClient, transformer: superjson })],
  });
  return { client, instances, close: () => void wsClient.close() };
}

describe('behind nginx, round robin', () => {
  it('no sticky sessions: requests alternate between web-1 and web-2, and one signed-in session works on both', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await get('/api/health/live'));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    const instances = answers.map((a) => a.instance);
    expect(new Set(instances)).toEqual(new Set(['web-1', 'web-2']));
    // Strict alternation: each request goes to the other process than the one before.
    expect(instances.every((name, i) => i === 0 || name !== instances[i - 1])).toBe(true);

    const cookie = await signIn(stack.url, 'customer@tiffin.test', PASSWORD);
    const sessions = [];
    for (let i = 0; i < 4; i++) sessions.push(await get('/api/auth/session', cookie));
    expect(new Set(sessions.map((s) => s.instance))).toEqual(new Set(['web-1', 'web-2']));
    for (const session of sessions) {
      expect(session.status).toBe(200);
      expect(JSON.parse(session.body)).toMatchObject({ user: { email: 'customer@tiffin.test' } });
    }
    // A signed-in tRPC call, on each process by name.
    for (const name of ['web-1', 'web-2']) {
      const mine = await get('/api/trpc/order.mine', cookie, webUrl(name));
      expect(mine).toMatchObject({ status: 200, instance: name });
    }
    // Without the cookie the same call is refused: the session, not the instance, decides.
    expect((await get('/api/trpc/order.mine')).status).toBe(401);
  });

  it('any instance: a kitchen board on web-1 sees an order placed through web-2', async () => {
    const staff = await signIn(stack.url, 'staff@tiffin.test', PASSWORD);
    const customer = await signIn(stack.url, 'customer@tiffin.test', PASSWORD);
    const board = liveClient(webUrl('web-1'), staff);
    const seen: { kind: string; orderId?: string }[] = [];
    const subscription = board.client.kitchen.live.subscribe(undefined, {
      onData: (message) => seen.push(message.data),
    });
    try {
      await until('the board subscribed', () => seen.some((m) => m.kind === 'subscribed'));
      const placed = await trpc<{ orderId: string }>(
        webUrl('web-2'),
        'order.place',
        {
          items: [{ menuItemId: staffItemId, quantity: 1 }],
          deliveryAddress: '3 Other Instance Road',
          idempotencyKey: randomUUID(),
        },
        { cookie: customer },
      );
      expect(placed.status).toBe(200);
      const orderId = placed.data!.orderId;
      await until('the order on the board', () =>
        seen.some((m) => m.kind === 'order_created' && m.orderId === orderId),
      );
      expect(board.instances).toEqual(['web-1']);
    } finally {
      subscription.unsubscribe();
      board.close();
    }
  });
  it('a client cannot choose its address through nginx: 11 sign-ups, each claiming another X-Forwarded-For, and the 11th is over the 10-per-address limit', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) {
      const reply = await trpc(
        stack.url,
        'auth.signUp',
        {
          email: `spoof-${i}-${randomUUID()}@tiffin.test`,
          password: 'a-long-password',
          name: `Spoof ${i}`,
        },
        { headers: { 'x-forwarded-for': `203.0.113.${i}` } },
      );
      statuses.push(reply.status);
    }
    // nginx appends the address it saw; with TRUST_PROXY=1 the web counts that one, not the claim.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
  });
});

describe('PgBouncer (transaction pooling)', () => {
  it('the checkout race, 500 buyers for 100 portions from two pools: exactly 100 winners, 400 typed sold-out errors, stock 0', async () => {
    const kitchen: TestRestaurant = await createTestRestaurant(t.db, {
      dishes: [{ name: 'Last Biryani', priceCents: 1200, stock: 100 }],
    });
    const dish = kitchen.dishes[0]!;
    // Two pools, as two web processes have, both through PgBouncer.
    const second = createDb(stack.pooledDatabaseUrl, { max: 20 });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 500 }, (_, i) => newOrder(dish.id, i % 2 ? pooled : second)),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(100);
      expect(lost).toHaveLength(400);
      for (const loss of lost) expect(loss.reason).toBeInstanceOf(StockConflictError);
      const after = await t.db.menuItem.findUniqueOrThrow({ where: { id: dish.id } });
      expect(after.stock).toBe(0);
      expect(await t.db.order.count({ where: { restaurantId: kitchen.id } })).toBe(100);
      const sold = await t.db.orderItem.aggregate({
        where: { menuItemId: dish.id },
        _sum: { quantity: true },
      });
      expect(sold._sum.quantity).toBe(100);
    } finally {
      await second.$disconnect();
    }
  });

  it('web and workers connect through it: its console lists their connections to the database, PostgreSQL sees at most the pool', async () => {
    const consoleUrl = new URL(stack.pooledDatabaseUrl);
    consoleUrl.pathname = '/pgbouncer';
    const admin = new pg.Client({ connectionString: consoleUrl.toString() });
    await admin.connect();
    try {
      const clients = await admin.query<{ database: string }>('SHOW CLIENTS');
      const ours = clients.rows.filter((row) => row.database === t.name);
      // Each of the 4 processes keeps at least one connection open; this file's pool adds more.
      expect(ours.length).toBeGreaterThanOrEqual(4);
    } finally {
      await admin.end();
    }
    const direct = await t.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`,
      [t.name],
    );
    // PgBouncer's pool (40) plus the direct ones: this file's own and each worker's LISTEN.
    expect(direct.rows[0]!.n).toBeLessThanOrEqual(40 + 10 + 4 + 2);
  });
});

/** Who handled each message to the end (effects committed, acked): "group partition id" → workers. */
function handledBy() {
  const handled = new Map<string, string[]>();
  for (const { worker, line } of workerLines) {
    if (line.msg !== 'message handled') continue;
    // Stream ids are per partition stream, so two partitions can hold the same id.
    const stream = String(line.partition ?? line.stream);
    const key = `${String(line.group)} ${stream} ${String(line.messageId)}`;
    handled.set(key, [...(handled.get(key) ?? []), worker]);
  }
  return handled;
}

/** Every "partition id" some worker took over with XAUTOCLAIM. */
function reclaimedIds(worker?: string): Set<string> {
  return new Set(
    workerLines
      .filter((l) => (!worker || l.worker === worker) && l.line.msg === 'reclaimed idle messages')
      .flatMap((l) =>
        (l.line.messageIds as string[]).map((id) => `${String(l.line.partition)} ${id}`),
      ),
  );
}

/** The consumer names a worker announced in its "worker ready" line. */
function consumersOf(worker: string): string[] {
  const ready = workerLines.find((l) => l.worker === worker && l.line.msg === 'worker ready');
  return (ready?.line.consumers as string[] | undefined) ?? [];
}

/** Pending (delivered, unacknowledged) messages under these consumers, as "stream group id". */
async function pendingUnder(client: Redis, consumers: Set<string>): Promise<string[]> {
  const held: string[] = [];
  for (const stream of eventStreamPartitions()) {
    const groups = (await client.xinfo('GROUPS', stream)) as unknown[][];
    for (const group of groups) {
      const name = String(group[1]);
      const pending = (await client.xpending(stream, name, '-', '+', 1000)) as [string, string][];
      for (const [id, consumer] of pending) {
        if (consumers.has(consumer)) held.push(`${stream} ${name} ${id}`);
      }
    }
  }
  return held;
}

describe('two workers', () => {
  it('no double work: both share the load, a message reaches a second worker only by reclaim, effects once per order; one killed mid-load leaves its pending messages to the other and every order is delivered with each step once', async () => {
    const redisClient = new Redis(redis.url);
    const item = await t.db.menuItem.findFirstOrThrow({
      where: { restaurant: { slug: 'casa-verde' } },
    });
    const before = handledBy();
    // First both run: they share the load.
    const shared: string[] = [];
    for (let i = 0; i < 20; i++) shared.push(await newOrder(item.id));
    await until(
      'the first orders delivered',
      async () =>
        (await t.db.order.count({ where: { id: { in: shared }, status: 'delivered' } })) ===
        shared.length,
      90_000,
    );
    // The handlers record each event in the inbox first: holding that table keeps a handler of
    // each consumer group in flight, its message pending, when one worker is killed.
    const lock = new pg.Client({ connectionString: t.url });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE "InboxEntry" IN EXCLUSIVE MODE');
    let locked = true;
    const killed = stack.workers[0]!;
    const survivor = stack.workers[1]!;
    try {
      const orderIds = [...shared];
      for (let i = 0; i < 20; i++) orderIds.push(await newOrder(item.id));
      const killedConsumers = new Set(consumersOf(killed.name));
      expect(killedConsumers.size).toBeGreaterThan(0);
      await until('messages pending under worker-1', async () => {
        const ids = await pendingUnder(redisClient, killedConsumers);
        return ids.length >= 2 ? ids : null;
      });
      // A crash mid-transaction: its handlers' work rolls back, their messages stay pending.
      killed.current().child.kill('SIGKILL');
      await killed.current().exited;
      const held = await pendingUnder(redisClient, killedConsumers);
      expect(held.length).toBeGreaterThan(0);
      await lock.query('COMMIT');
      locked = false;

      await until(
        'every order delivered',
        async () =>
          (await t.db.order.count({ where: { id: { in: orderIds }, status: 'delivered' } })) ===
          orderIds.length,
        90_000,
      );
      const histories = await t.db.orderStatusChange.groupBy({
        by: ['orderId'],
        where: { orderId: { in: orderIds } },
        _count: { _all: true },
      });
      // created, confirmed, preparing, ready_for_pickup, out_for_delivery, delivered: once each.
      expect(histories).toHaveLength(orderIds.length);
      expect(histories.every((h) => h._count._all === 6)).toBe(true);

      // Nothing lost: no group keeps a message pending, under the dead consumers or any other.
      await until('every pending list empty', async () => {
        for (const stream of eventStreamPartitions()) {
          const groups = (await redisClient.xinfo('GROUPS', stream)) as unknown[][];
          if (groups.some((group) => Number(group[5]) !== 0)) return false;
        }
        return true;
      });
      // The survivor reclaimed (XAUTOCLAIM) what the killed one held.
      const reclaimedBySurvivor = reclaimedIds(survivor.name);
      expect(
        held
          .map((h) => h.split(' '))
          .filter(([stream, , id]) => !reclaimedBySurvivor.has(`${stream} ${id}`)),
      ).toEqual([]);
      // Effects once per order: one delivery each.
      const deliveries = await t.db.delivery.groupBy({
        by: ['orderId'],
        where: { orderId: { in: orderIds } },
        _count: { _all: true },
      });
      expect(deliveries).toHaveLength(orderIds.length);
      expect(deliveries.every((d) => d._count._all === 1)).toBe(true);

      const handled = [...handledBy()].filter(([key]) => !before.has(key));
      expect(handled.length).toBeGreaterThan(orderIds.length);
      // No message reaches two workers by reading: a second hand only ever comes from a reclaim
      // of a message idle past CONSUMER_CLAIM_IDLE_MS (its inbox entry then makes it a no-op).
      const reclaimed = reclaimedIds();
      const twice = handled.filter(([, by]) => by.length > 1);
      expect(twice.filter(([key]) => !reclaimed.has(key.split(' ').slice(1).join(' ')))).toEqual(
        [],
      );
      // Both shared the load before the kill.
      expect(handled.some(([, by]) => by.includes(killed.name))).toBe(true);
      expect(handled.some(([, by]) => by.includes(survivor.name))).toBe(true);
    } finally {
      if (locked) await lock.query('ROLLBACK');
      await lock.end();
      redisClient.disconnect();
    }
  });
});

async function step(orderId: string, from: OrderStatus, to: OrderStatus) {
  await t.db.$transaction((tx) => transitionOrder(tx, orderId, from, to, 'staff:test'));
}

async function deliveryStep(orderId: string, from: DeliveryStatus, to: DeliveryStatus) {
  const delivery = await until('the delivery', () =>
    t.db.delivery.findUnique({ where: { orderId } }),
  );
  await t.db.$transaction((tx) =>
    transitionDelivery(
      tx,
      delivery.id,
      from,
      to,
      'courier:test',
      to === 'assigned' ? { courierId } : {},
    ),
  );
}

const kindOf = (m: TrackingMessage) =>
  m.kind === 'order_status' || m.kind === 'delivery_status' ? `${m.kind}:${m.to}` : m.kind;

// Last: it kills a web process for good.
describe('a web process dies', () => {
  it('any instance: a tracking subscriber over nginx whose web is killed resumes on the other through nginx, with every step exactly once', async () => {
    const cookie = await signIn(stack.url, 'customer@tiffin.test', PASSWORD);
    const orderId = await newOrder(staffItemId);
    const tracker = liveClient(stack.url, cookie);
    const received: { id: string; data: TrackingMessage }[] = [];
    let error: TRPCClientError<AppRouter> | undefined;
    let completed = false;
    const subscription = tracker.client.order.track.subscribe(
      { orderId },
      {
        // Courier positions come untracked (no id to resume from); this flow has none.
        onData: (message) => {
          if ('data' in message) received.push(message);
        },
        onError: (e) => (error = e),
        onComplete: () => (completed = true),
      },
    );
    try {
      await until('snapshot', () => received.length >= 1);
      await step(orderId, 'created', 'confirmed');
      await step(orderId, 'confirmed', 'preparing');
      await until('three steps', () => received.length >= 4);
      expect(tracker.instances).toHaveLength(1);
      const first = tracker.instances[0]!;
      const victim = stack.webs.find((w) => w.name === first)!;

      victim.current().child.kill('SIGKILL');
      await victim.current().exited;
      // While it reconnects: the rest of the order, to the door.
      await step(orderId, 'preparing', 'ready_for_pickup');
      await deliveryStep(orderId, 'waiting', 'assigned');
      await step(orderId, 'ready_for_pickup', 'out_for_delivery');
      await deliveryStep(orderId, 'assigned', 'on_the_way');
      await deliveryStep(orderId, 'on_the_way', 'delivered');

      await until('completed', () => completed, 30_000);
      expect(error).toBeUndefined();
      // Reconnected through nginx, to the one process left.
      expect(tracker.instances.length).toBeGreaterThanOrEqual(2);
      expect(new Set(tracker.instances.slice(1))).toEqual(
        new Set(stack.webs.filter((w) => w !== victim).map((w) => w.name)),
      );
      const kinds = received.map((m) => kindOf(m.data));
      expect(kinds.filter((k) => k.startsWith('order_status:'))).toEqual([
        'order_status:confirmed',
        'order_status:preparing',
        'order_status:ready_for_pickup',
        'order_status:out_for_delivery',
        'order_status:delivered',
      ]);
      expect(kinds.filter((k) => k.startsWith('delivery_status:'))).toEqual([
        'delivery_status:assigned',
        'delivery_status:on_the_way',
        'delivery_status:delivered',
      ]);
      expect(kinds.filter((k) => k === 'snapshot')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'delivery_created')).toHaveLength(1);
      const ids = received.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      subscription.unsubscribe();
      tracker.close();
    }
  });
});
