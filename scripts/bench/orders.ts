// `npm run bench:orders`: checkout throughput and latency, with its baseline, in one run.
//   (a) order.place through the real tRPC HTTP endpoint, 32 signed-in clients, no contention
//   (b) the same SQL work with raw `pg` at the same concurrency (the baseline)
//   (c) a hot item: 500 concurrent buyers for 100 units through HTTP
// Targets: (a)/(b) ≥ 0.5, (a) p99 < 50 ms, (c) exactly 100 winners.
import { randomUUID } from 'node:crypto';

import pg from 'pg';

import { createDb, hashPassword } from '../../packages/db/src/index';
import { freePort } from '../lib/services';
import { signIn, trpc } from '../lib/session';
import {
  buildWeb,
  prepareDatabase,
  startServices,
  startWeb,
  startWorker,
  waitForHttp,
} from '../lib/stack';
import type { RunningApp } from '../lib/stack';

const CLIENTS = 32;
const ORDERS_PER_CLIENT = Number(process.env.BENCH_ORDERS_PER_CLIENT ?? 60);
const WARMUP_PER_CLIENT = 10;
const HOT_BUYERS = 500;
const HOT_STOCK = 100;
const PASSWORD = 'bench-password-1';

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

/** The statements placeOrder issues for a one-line order, sent directly with node-postgres. */
async function rawPlaceOrder(pool: pg.Pool, userId: string, menuItemId: string) {
  const key = randomUUID();
  await pool.query(
    'SELECT id, status, "totalCents" FROM "Order" WHERE "userId" = $1 AND "idempotencyKey" = $2',
    [userId, key],
  );
  const found = await pool.query<{ restaurantId: string; isOpen: boolean }>(
    `SELECT m.id, m.name, m."restaurantId", r.name AS restaurant, r."isOpen"
     FROM "MenuItem" m JOIN "Restaurant" r ON r.id = m."restaurantId" WHERE m.id = ANY($1)`,
    [[menuItemId]],
  );
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { restaurantId } = found.rows[0]!;
    const updated = await client.query<{ name: string; priceCents: number; stock: number }>(
      `UPDATE "MenuItem" SET stock = stock - 1, "updatedAt" = now()
       WHERE id = $1 AND "isAvailable" AND stock >= 1 RETURNING id, name, "priceCents", stock`,
      [menuItemId],
    );
    if (updated.rowCount !== 1) throw new Error('short');
    const { name, priceCents, stock } = updated.rows[0]!;
    const orderId = randomUUID();
    const correlationId = randomUUID();
    const createdAt = new Date().toISOString();
    const events = [
      ['order.created.v1', '{tiffin}:stream:orders', { orderId, totalCents: priceCents }],
      ['menu.stock_changed.v1', '{tiffin}:stream:menu', { menuItemId, stock }],
    ].map(([type, stream, payload], position) => ({
      id: randomUUID(),
      type,
      stream,
      source: 'bench',
      payload,
      correlationId,
      causationId: null,
      createdAt,
      position,
    }));
    // The same single statement placeOrder sends for the order, its line, history and events.
    await client.query(
      `WITH new_order AS (
         INSERT INTO "Order" ("id", "userId", "restaurantId", "totalCents", "deliveryAddress", "note",
                              "idempotencyKey", "correlationId", "updatedAt")
         VALUES ($1::uuid, $2::uuid, $3::uuid, $4, 'Bench Street 1', NULL, $5, $6::uuid,
                 now() AT TIME ZONE 'UTC')
         RETURNING "id"
       ), order_items AS (
         INSERT INTO "OrderItem" ("id", "orderId", "menuItemId", "name", "quantity", "unitPriceCents")
         SELECT gen_random_uuid(), new_order."id", l."menuItemId", l."name", l."quantity", l."unitPriceCents"
         FROM new_order, jsonb_to_recordset($7::jsonb)
           AS l("menuItemId" uuid, "name" text, "quantity" int, "unitPriceCents" int)
       ), first_step AS (
         INSERT INTO "OrderStatusChange" ("id", "orderId", "from", "to", "at", "actor")
         SELECT gen_random_uuid(), new_order."id", NULL, 'created', now() AT TIME ZONE 'UTC', $8
         FROM new_order
       )
       INSERT INTO "OutboxEvent" ("id", "type", "stream", "source", "payload", "correlationId",
                                  "causationId", "createdAt")
       SELECT e."id", e."type", e."stream", e."source", e."payload", e."correlationId",
              e."causationId", e."createdAt"
       FROM jsonb_to_recordset($9::jsonb)
         AS e("id" uuid, "type" text, "stream" text, "source" text, "payload" jsonb,
              "correlationId" uuid, "causationId" uuid, "createdAt" timestamp(3), "position" int)
       ORDER BY e."position"`,
      [
        orderId,
        userId,
        restaurantId,
        priceCents,
        key,
        correlationId,
        JSON.stringify([{ menuItemId, name, quantity: 1, unitPriceCents: priceCents }]),
        `user:${userId}`,
        JSON.stringify(events),
      ],
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

  const port = await freePort();
  const env = {
    databaseUrl,
    redisUrl: services.redis.url,
    authSecret: 'bench-only-secret-0123456789-abcdefghij',
    port,
  };
  // BENCH_PROFILE=dir writes a V8 CPU profile of the web process there, for finding hot spots.
  const profile = process.env.BENCH_PROFILE;
  const web = startWeb(env, {
    sink: () => undefined,
    nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  });
  // The simulator would keep moving (a)'s orders through the lifecycle while (b) runs: off.
  apps.push(
    web,
    startWorker({ ...env, extra: { SIM_ENABLED: 'false' } }, { sink: () => undefined }),
  );
  const baseUrl = `http://localhost:${port}`;
  await waitForHttp(`${baseUrl}/`, web);
  const cookies = await Promise.all(users.map((u) => signIn(baseUrl, u.email, PASSWORD)));

  const httpOrder = async (client: number, menuItemId: string) => {
    const reply = await trpc(
      baseUrl,
      'order.place',
      {
        items: [{ menuItemId, quantity: 1 }],
        deliveryAddress: 'Bench Street 1',
        idempotencyKey: randomUUID(),
      },
      { cookie: cookies[client] },
    );
    return reply;
  };

  // Warm up JIT, Next's route and both pools before measuring anything.
  await timedLoop(CLIENTS, WARMUP_PER_CLIENT, async (c) => {
    const reply = await httpOrder(c, items[c]!.id);
    if (reply.status !== 200) throw new Error(`warm-up order failed: ${reply.status}`);
  });

  const a = await timedLoop(CLIENTS, ORDERS_PER_CLIENT, async (c) => {
    const reply = await httpOrder(c, items[c]!.id);
    if (reply.status !== 200)
      throw new Error(`order failed: ${reply.status} ${reply.error?.message}`);
  });

  const pool = new pg.Pool({ connectionString: databaseUrl, max: CLIENTS });
  await timedLoop(CLIENTS, WARMUP_PER_CLIENT, (c) =>
    rawPlaceOrder(pool, users[c]!.id, items[CLIENTS + c]!.id),
  );
  const b = await timedLoop(CLIENTS, ORDERS_PER_CLIENT, (c) =>
    rawPlaceOrder(pool, users[c]!.id, items[CLIENTS + c]!.id),
  );

  // (c) 500 buyers at once for 100 units, through HTTP.
  const hotResults = await Promise.all(
    Array.from({ length: HOT_BUYERS }, async (_, i) => {
      const t0 = performance.now();
      const reply = await httpOrder(i % CLIENTS, hot.id);
      return { status: reply.status, code: reply.error?.data.code, ms: performance.now() - t0 };
    }),
  );
  const winners = hotResults.filter((r) => r.status === 200).length;
  const losers = hotResults.filter((r) => r.code === 'CONFLICT');
  const other = HOT_BUYERS - winners - losers.length;
  const loserLatencies = losers.map((r) => r.ms).sort((x, y) => x - y);
  const finalStock = (
    await pool.query<{ stock: number }>('SELECT stock FROM "MenuItem" WHERE id = $1', [hot.id])
  ).rows[0]!.stock;
  await pool.end();

  const rate = (s: RunStats) => s.orders / s.seconds;
  const row = (name: string, s: RunStats) =>
    `${name.padEnd(34)} ${String(s.orders).padStart(6)} ${rate(s).toFixed(0).padStart(9)} ${s.p50.toFixed(1).padStart(8)} ${s.p99.toFixed(1).padStart(8)}`;
  console.log(`
bench:orders — ${CLIENTS} concurrent clients, ${ORDERS_PER_CLIENT} orders each (PostgreSQL with fsync off, ${process.platform} ${process.arch}, ${(await import('node:os')).cpus().length} cores)

${'run'.padEnd(34)} ${'orders'.padStart(6)} ${'orders/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}
${row('(a) tRPC HTTP order.place', a)}
${row('(b) raw pg, same SQL (baseline)', b)}

ratio (a)/(b): ${(rate(a) / rate(b)).toFixed(2)}   (target ≥ 0.5)
(a) p99: ${a.p99.toFixed(1)} ms   (target < 50 ms)

(c) hot item: ${HOT_BUYERS} concurrent buyers for ${HOT_STOCK} units
    winners ${winners}, losers (CONFLICT) ${losers.length}, other ${other}, final stock ${finalStock}
    losers' p99 ${percentile(loserLatencies, 99).toFixed(1)} ms   (target: exactly ${HOT_STOCK} winners)
`);
  if (winners !== HOT_STOCK || finalStock !== 0 || other !== 0) process.exitCode = 1;
} finally {
  await Promise.all(apps.map((app) => app.stop()));
  await services.stop();
}
