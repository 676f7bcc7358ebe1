// `npm run bench:orders`: checkout throughput and latency, with its baseline, in one run.
//   (a) order.place through the real tRPC HTTP endpoint, 32 signed-in clients, no contention
//   (b) the same SQL work with raw `pg` at the same concurrency (the baseline)
//   (c) a hot item: 500 concurrent buyers for 100 units through HTTP
//   (d) placeOrder called in this process (Prisma alone, no HTTP, tRPC or Next), for comparison
// Targets: (a)/(b) ≥ 0.5, (a) p99 < 50 ms, (c) exactly 100 winners, the web layer's own CPU
// ((a)'s web CPU minus (d)'s Prisma CPU) ≤ 0.5 ms per order. It also prints the CPU each
// process spends per order, and the most orders/s (a)'s total CPU cost allows on this machine.
// The worker starts after (c): both (a) and (b) write the same outbox rows, and its consumers
// would otherwise spend the run's CPU on (a)'s events only. It then drains the backlog, which
// is timed and checked (bench:events measures the pipeline itself).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

import type { RunningApp } from '@tiffin/stack';
import { createDb, hashPassword, PrismaClient } from '@tiffin/db';
import { event, INSERT_PLACED_ORDER_SQL, placedOrderParams, placeOrder } from '@tiffin/domain';
import {
  buildWeb,
  freePort,
  prepareDatabase,
  signIn,
  startServices,
  startWeb,
  startWorker,
  waitForHttp,
} from '@tiffin/stack';

import { BENCH_RATE_LIMITS } from './bench-rate-limits';

const CLIENTS = 32;
const ORDERS_PER_CLIENT = Number(process.env.BENCH_ORDERS_PER_CLIENT ?? 60);
const WARMUP_PER_CLIENT = 10;
const HOT_BUYERS = 500;
const HOT_STOCK = 100;
const PASSWORD = 'bench-password-1';
/** The web's DATABASE_POOL_SIZE default, for (d)'s client. */
const WEB_POOL_SIZE = 20;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface RunStats {
  orders: number;
  seconds: number;
  p50: number;
  p99: number;
}

async function timedLoop(
  clients: number,
  perClient: number,
  call: (client: number, i: number) => Promise<void>,
): Promise<RunStats> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient; i++) {
        const t0 = performance.now();
        await call(client, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    orders: latencies.length,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

type CpuSplit = Record<'web' | 'postgres' | 'bench client', number>;

/** CPU seconds used so far by each process of the run, from /proc (Linux; zeros elsewhere). */
function cpuSnapshot(webPid: number | undefined): CpuSplit {
  const split: CpuSplit = { web: 0, postgres: 0, 'bench client': 0 };
  if (process.platform !== 'linux') return split;
  const ticks = 100; // USER_HZ on Linux
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const pid = Number(entry);
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / ticks;
    if (pid === webPid) split.web += seconds;
    else if (pid === process.pid) split['bench client'] += seconds;
    else if (comm === 'postgres') split.postgres += seconds;
  }
  return split;
}

/** CPU ms per order summed over every process of the run. */
function totalCpuPerOrder(before: CpuSplit, after: CpuSplit, orders: number): number {
  const keys = Object.keys(before) as (keyof CpuSplit)[];
  return keys.reduce((sum, k) => sum + ((after[k] - before[k]) * 1000) / orders, 0);
}

function cpuPerOrder(before: CpuSplit, after: CpuSplit, orders: number): string {
  return (Object.keys(before) as (keyof CpuSplit)[])
    .map((k) => `${k} ${(((after[k] - before[k]) * 1000) / orders).toFixed(2)}`)
    .join(', ');
}

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/**
 * The statements Prisma sends for placeOrder's menu check (the items with their restaurant's
 * switch, fees and tax rate, time zone, location and weekly hours) and decrement (one line), word for word, up to
 * whitespace: the baseline must do the same SQL work. `checkBaselineSql` compares them with what
 * Prisma actually sends at the start of every run, so they cannot drift apart unnoticed. The menu
 * check is written over several lines to be read, and sent on one, as Prisma sends it.
 */
const MENU_CHECK_SQL =
  squash(`SELECT "t0"."id", "t0"."name", "t0"."restaurantId", "MenuItem_restaurant"."__prisma_data__" AS "restaurant"
  FROM "public"."MenuItem" AS "t0"
  LEFT JOIN LATERAL (SELECT JSONB_BUILD_OBJECT('name', "t1"."name", 'isOpen', "t1"."isOpen", 'deliveryFeeCents', "t1"."deliveryFeeCents", 'minimumOrderCents', "t1"."minimumOrderCents", 'serviceFeeBps', "t1"."serviceFeeBps", 'taxRateBps', "t1"."taxRateBps", 'timeZone', "t1"."timeZone", 'lat', "t1"."lat", 'lng', "t1"."lng", 'hours', "Restaurant_hours"."__prisma_data__") AS "__prisma_data__"
    FROM "public"."Restaurant" AS "t1"
    LEFT JOIN LATERAL (SELECT COALESCE(JSONB_AGG("__prisma_data__"), '[]') AS "__prisma_data__"
      FROM (SELECT "t4"."__prisma_data__"
        FROM (SELECT JSONB_BUILD_OBJECT('weekday', "t3"."weekday", 'opensAt', "t3"."opensAt", 'closesAt', "t3"."closesAt") AS "__prisma_data__"
          FROM (SELECT "t2".* FROM "public"."OpeningHours" AS "t2" WHERE "t1"."id" = "t2"."restaurantId" /* root select */) AS "t3" /* inner select */) AS "t4" /* middle select */) AS "t5" /* outer select */) AS "Restaurant_hours" ON true
    WHERE "t0"."restaurantId" = "t1"."id" LIMIT $1) AS "MenuItem_restaurant" ON true
  WHERE "t0"."id" IN ($2)`);
const DECREMENT_SQL = `UPDATE "public"."MenuItem" SET "stock" = ("public"."MenuItem"."stock" - $1), "updatedAt" = $2 WHERE ("public"."MenuItem"."id" = $3 AND "public"."MenuItem"."isAvailable" = $4 AND "public"."MenuItem"."stock" >= $5) RETURNING "public"."MenuItem"."id", "public"."MenuItem"."name", "public"."MenuItem"."priceCents", "public"."MenuItem"."stock"`;

/** Places one order through Prisma with its query log on, and fails if the baseline's SQL differs. */
async function checkBaselineSql(databaseUrl: string, userId: string, menuItemId: string) {
  const recorder = new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: 1 }),
    log: [{ level: 'query', emit: 'event' }],
  });
  const sent: string[] = [];
  recorder.$on('query', (e) => sent.push(squash(e.query)));
  await placeOrder(
    recorder,
    {
      items: [{ menuItemId, quantity: 1 }],
      deliveryAddress: 'Bench Street 1',
      idempotencyKey: randomUUID(),
    },
    { userId },
  );
  await recorder.$disconnect();
  const expected = [MENU_CHECK_SQL, DECREMENT_SQL, INSERT_PLACED_ORDER_SQL, 'COMMIT'].map(squash);
  if (JSON.stringify(sent) !== JSON.stringify(expected)) {
    throw new Error(
      `the raw baseline no longer sends placeOrder's SQL; update it.\nPrisma sent:\n${sent.join('\n')}`,
    );
  }
}

/** The statements placeOrder issues for a one-line order, sent directly with node-postgres. */
async function rawPlaceOrder(pool: pg.Pool, userId: string, menuItemId: string) {
  const key = randomUUID();
  const found = await pool.query<{ restaurantId: string }>(MENU_CHECK_SQL, [1, menuItemId]);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { restaurantId } = found.rows[0]!;
    const updated = await client.query<{ name: string; priceCents: number; stock: number }>(
      DECREMENT_SQL,
      [1, new Date().toISOString(), menuItemId, true, 1],
    );
    if (updated.rowCount !== 1) throw new Error('short');
    const { name, priceCents, stock } = updated.rows[0]!;
    const orderId = randomUUID();
    const correlationId = randomUUID();
    // The same events placeOrder writes, built and validated the same way, sent in the same
    // statement with the same parameters.
    const lines = [{ menuItemId, name, quantity: 1, unitPriceCents: priceCents }];
    const meta = { correlationId, source: 'bench' };
    await client.query(
      INSERT_PLACED_ORDER_SQL,
      placedOrderParams({
        orderId,
        userId,
        restaurantId,
        totalCents: priceCents,
        deliveryAddress: 'Bench Street 1',
        deliveryLat: 51.52,
        deliveryLng: -0.11,
        note: null,
        idempotencyKey: key,
        correlationId,
        actor: `user:${userId}`,
        lines,
        events: [
          event(
            'order.created.v1',
            { orderId, userId, restaurantId, totalCents: priceCents, lines },
            meta,
          ),
          event(
            'menu.stock_changed.v1',
            { restaurantId, items: [{ menuItemId, stock }], reason: 'order' },
            meta,
          ),
        ],
      }),
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

const apps: RunningApp[] = [];
const services = await startServices('ephemeral');
try {
  buildWeb({ ifStale: true });
  const databaseUrl = await prepareDatabase(services, 'bench', { recreate: true, seed: true });

  // Fixtures: 32 customers, one dedicated item each (no contention), and one hot item.
  const db = createDb(databaseUrl);
  const restaurant = await db.restaurant.findFirstOrThrow({ orderBy: { name: 'asc' } });
  const passwordHash = await hashPassword(PASSWORD);
  const users = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) =>
      db.user.create({
        data: { email: `bench${i}@tiffin.test`, name: `Bench ${i}`, passwordHash },
      }),
    ),
  );
  const items = await Promise.all(
    Array.from({ length: CLIENTS * 2 }, (_, i) =>
      db.menuItem.create({
        data: {
          restaurantId: restaurant.id,
          name: `Bench dish ${i}`,
          description: 'benchmark',
          category: 'Bench',
          priceCents: 1000,
          stock: 1_000_000,
          imageUrl: '/images/menu/bench.svg',
        },
      }),
    ),
  );
  const hot = await db.menuItem.create({
    data: {
      restaurantId: restaurant.id,
      name: 'Hot dish',
      description: 'benchmark',
      category: 'Bench',
      priceCents: 1500,
      stock: HOT_STOCK,
      imageUrl: '/images/menu/hot.svg',
    },
  });
  await db.$disconnect();
  await checkBaselineSql(databaseUrl, users[0]!.id, items[CLIENTS]!.id);

  const port = await freePort();
  const env = {
    databaseUrl,
    redisUrl: services.redis.url,
    authSecret: 'bench-only-secret-0123456789-abcdefghij',
    port,
    // A load test from one address: every client signs in at once and the hot buyers order
    // hundreds of times a minute, so the abuse limits are raised far above that load.
    extra: BENCH_RATE_LIMITS,
  };
  // BENCH_PROFILE=dir writes a V8 CPU profile of the web process there, for finding hot spots.
  const profile = process.env.BENCH_PROFILE;
  const web = startWeb(env, {
    sink: () => undefined,
    nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  });
  apps.push(web);
  const baseUrl = `http://localhost:${port}`;
  await waitForHttp(`${baseUrl}/`, web);
  const cookies = await Promise.all(users.map((u) => signIn(baseUrl, u.email, PASSWORD)));

  // A lean load generator (node:http, kept-alive sockets), like wrk would be: fetch's own CPU
  // cost per request was as large as the pg baseline's whole client.
  const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: HOT_BUYERS });
  let agent = newAgent();
  const httpOrder = (client: number, menuItemId: string) =>
    new Promise<{ status: number; code?: string; message?: string }>((resolve, reject) => {
      const body = JSON.stringify({
        json: {
          items: [{ menuItemId, quantity: 1 }],
          deliveryAddress: 'Bench Street 1',
          idempotencyKey: randomUUID(),
        },
      });
      const request = http.request(
        `${baseUrl}/api/trpc/order.place`,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            cookie: cookies[client] ?? '',
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status === 200) return resolve({ status });
            const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
              error?: { json?: { message?: string; data?: { code?: string } } };
            };
            resolve({
              status,
              code: reply.error?.json?.data?.code,
              message: reply.error?.json?.message,
            });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  // Warm up JIT, Next's route and both pools before measuring anything.
  await timedLoop(CLIENTS, WARMUP_PER_CLIENT, async (c) => {
    const reply = await httpOrder(c, items[c]!.id);
    if (reply.status !== 200) throw new Error(`warm-up order failed: ${reply.status}`);
  });

  const webPid = web.child.pid;
  const cpuBeforeA = cpuSnapshot(webPid);
  const a = await timedLoop(CLIENTS, ORDERS_PER_CLIENT, async (c) => {
    const reply = await httpOrder(c, items[c]!.id);
    if (reply.status !== 200) throw new Error(`order failed: ${reply.status} ${reply.message}`);
  });

  const cpuAfterA = cpuSnapshot(webPid);

  const pool = new pg.Pool({ connectionString: databaseUrl, max: CLIENTS });
  // Stopping the services at the end must not crash the process through an idle client.
  pool.on('error', () => undefined);
  await timedLoop(CLIENTS, WARMUP_PER_CLIENT, (c) =>
    rawPlaceOrder(pool, users[c]!.id, items[CLIENTS + c]!.id),
  );
  const cpuBeforeB = cpuSnapshot(webPid);
  const b = await timedLoop(CLIENTS, ORDERS_PER_CLIENT, (c) =>
    rawPlaceOrder(pool, users[c]!.id, items[CLIENTS + c]!.id),
  );
  const cpuAfterB = cpuSnapshot(webPid);

  // (d) placeOrder called in this process, without HTTP, tRPC or Next: Prisma's share of (a).
  const direct = createDb(databaseUrl, { max: WEB_POOL_SIZE });
  const directOrder = async (c: number) => {
    await placeOrder(
      direct,
      {
        items: [{ menuItemId: items[CLIENTS + c]!.id, quantity: 1 }],
        deliveryAddress: 'Bench Street 1',
        idempotencyKey: randomUUID(),
      },
      { userId: users[c]!.id },
    );
  };
  await timedLoop(CLIENTS, WARMUP_PER_CLIENT, directOrder);
  const cpuBeforeD = cpuSnapshot(webPid);
  const d = await timedLoop(CLIENTS, ORDERS_PER_CLIENT, directOrder);
  const cpuAfterD = cpuSnapshot(webPid);
  await direct.$disconnect();

  // (c) 500 buyers at once for 100 units, through HTTP. Fresh sockets: those left from (a) sat
  // idle through (b) and (d), longer than the server's keep-alive timeout, and may be closing.
  agent.destroy();
  agent = newAgent();
  const hotResults = await Promise.all(
    Array.from({ length: HOT_BUYERS }, async (_, i) => {
      const t0 = performance.now();
      const reply = await httpOrder(i % CLIENTS, hot.id);
      return { status: reply.status, code: reply.code, ms: performance.now() - t0 };
    }),
  );
  const winners = hotResults.filter((r) => r.status === 200).length;
  const losers = hotResults.filter((r) => r.code === 'CONFLICT');
  const other = HOT_BUYERS - winners - losers.length;
  const loserLatencies = losers.map((r) => r.ms).sort((x, y) => x - y);
  const finalStock = (
    await pool.query<{ stock: number }>('SELECT stock FROM "MenuItem" WHERE id = $1', [hot.id])
  ).rows[0]!.stock;
  agent.destroy();

  // Now the worker: it must publish every event the run wrote (3 per order: created + stock).
  const drainStarted = performance.now();
  apps.push(startWorker({ ...env, extra: { SIM_ENABLED: 'false' } }, { sink: () => undefined }));
  const unpublished = async () =>
    Number(
      (
        await pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM "OutboxEvent" WHERE "publishedAt" IS NULL',
        )
      ).rows[0]!.n,
    );
  const backlog = Number(
    (await pool.query<{ n: string }>('SELECT count(*) AS n FROM "OutboxEvent"')).rows[0]!.n,
  );
  while ((await unpublished()) > 0) {
    if (performance.now() - drainStarted > 120_000) throw new Error('the outbox did not drain');
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  await pool.end();

  const rate = (s: RunStats) => s.orders / s.seconds;
  // The most orders/s (a)'s CPU cost allows on this machine, whatever the process layout.
  const cores = (await import('node:os')).cpus().length;
  const cpuA = totalCpuPerOrder(cpuBeforeA, cpuAfterA, a.orders);
  const ceilingA = (cores * 1000) / cpuA;
  // The web layer's own CPU: everything the web process spends per order beyond Prisma's share.
  const perOrder = (before: CpuSplit, after: CpuSplit, key: keyof CpuSplit, orders: number) =>
    ((after[key] - before[key]) * 1000) / orders;
  const webLayer =
    perOrder(cpuBeforeA, cpuAfterA, 'web', a.orders) -
    perOrder(cpuBeforeD, cpuAfterD, 'bench client', d.orders);
  const row = (name: string, s: RunStats) =>
    `${name.padEnd(34)} ${String(s.orders).padStart(6)} ${rate(s).toFixed(0).padStart(9)} ${s.p50.toFixed(1).padStart(8)} ${s.p99.toFixed(1).padStart(8)}`;
  console.log(`
bench:orders — ${CLIENTS} concurrent clients, ${ORDERS_PER_CLIENT} orders each (PostgreSQL with fsync off, ${process.platform} ${process.arch}, ${cores} cores)

${'run'.padEnd(34)} ${'orders'.padStart(6)} ${'orders/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}
${row('(a) tRPC HTTP order.place', a)}
${row('(b) raw pg, same SQL (baseline)', b)}
${row('(d) placeOrder in-process (Prisma)', d)}

CPU ms per order, by process (2 cores = 2,000 ms of CPU per second):
  (a) ${cpuPerOrder(cpuBeforeA, cpuAfterA, a.orders)}
  (b) ${cpuPerOrder(cpuBeforeB, cpuAfterB, b.orders)}
  (d) ${cpuPerOrder(cpuBeforeD, cpuAfterD, d.orders)}   ("bench client" is Prisma here)

web layer: (a)'s web CPU minus (d)'s Prisma CPU = ${webLayer.toFixed(2)} ms per order   (target ≤ 0.5 ms)

ratio (a)/(b): ${(rate(a) / rate(b)).toFixed(2)}   (target ≥ 0.5)
ratio (d)/(b): ${(rate(d) / rate(b)).toFixed(2)}   (Prisma alone, no HTTP, tRPC or Next: a ceiling for (a))
(a) p99: ${a.p99.toFixed(1)} ms   (target < 50 ms)

CPU bound: (a) costs ${cpuA.toFixed(2)} ms of CPU per order over all processes, so ${cores} cores fit at most
${ceilingA.toFixed(0)} orders/s however the web is laid out (one process or one per core): a ratio of at
most ${(ceilingA / rate(b)).toFixed(2)}, and with ${CLIENTS} orders in flight a mean latency of at least ${((CLIENTS / ceilingA) * 1000).toFixed(0)} ms (Little's law).

(c) hot item: ${HOT_BUYERS} concurrent buyers for ${HOT_STOCK} units
    winners ${winners}, losers (CONFLICT) ${losers.length}, other ${other}, final stock ${finalStock}
    losers' p99 ${percentile(loserLatencies, 99).toFixed(1)} ms   (target: exactly ${HOT_STOCK} winners)

worker started afterwards: ${backlog} outbox events published in ${drainSeconds.toFixed(1)} s, none left
`);
  if (winners !== HOT_STOCK || finalStock !== 0 || other !== 0) process.exitCode = 1;
} catch (error) {
  console.error('bench:orders failed:', error);
  process.exitCode = 1;
} finally {
  await Promise.all(apps.map((app) => app.stop()));
  await services.stop();
}
