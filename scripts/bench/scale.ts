// `npm run bench:scale`: what running Tiffin as several processes costs on one machine, in one
// run, side by side:
//   single: 1 web + 1 worker, straight to PostgreSQL and a single-node Redis (npm start's shape)
//   multi:  nginx → 2 web, 2 workers, all through PgBouncer (transaction pooling), single Redis
//   cluster: multi on a 6-node Redis Cluster (3 masters, 3 replicas): npm run start:cluster's shape
// For each: checkout orders/s (order.place over HTTP, 32 signed-in clients, no contention), then
// the event pipeline: the workers start on the backlog those orders left in the outbox, and
// events/s is how fast they publish it (relay) and every consumer group handles it.
// On 2 cores the multi setup is not expected to be faster: the figure shows what the hops cost.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';

import type { RedisClient } from '@tiffin/events';
import { createDb, hashPassword } from '@tiffin/db';
import { createRedisClient, eventStreamPartitions } from '@tiffin/events';
import {
  buildWeb,
  freePort,
  prepareDatabase,
  signIn,
  startMultiProcess,
  startRedisCluster,
  startServices,
  startWeb,
  startWorker,
  waitForHttp,
} from '@tiffin/stack';

import { BENCH_RATE_LIMITS } from './bench-rate-limits';

const CLIENTS = 32;
const ORDERS_PER_CLIENT = Number(process.env.BENCH_ORDERS_PER_CLIENT ?? 40);
const WARMUP_PER_CLIENT = 5;
const PASSWORD = 'bench-password-1';
const AUTH_SECRET = 'bench-only-secret-0123456789-abcdefghij';

interface Figures {
  setup: string;
  ordersPerSecond: number;
  p50: number;
  p99: number;
  events: number;
  eventsPerSecond: number;
  deliveriesPerSecond: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** One order.place over a kept-alive socket; resolves with the HTTP status. */
function placeOrder(agent: http.Agent, baseUrl: string, cookie: string, menuItemId: string) {
  const body = JSON.stringify({
    json: {
      items: [{ menuItemId, quantity: 1 }],
      deliveryAddress: 'Bench Street 1',
      idempotencyKey: randomUUID(),
    },
  });
  return new Promise<number>((resolve, reject) => {
    const request = http.request(
      `${baseUrl}/api/trpc/order.place`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          cookie,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Every group on every event stream has read everything and acknowledged it. */
async function drained(redis: RedisClient): Promise<{ done: boolean; delivered: number }> {
  let done = true;
  let delivered = 0;
  for (const stream of eventStreamPartitions()) {
    if ((await redis.exists(stream)) === 0) continue;
    const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
    for (const group of groups) {
      const info = new Map<string, unknown>();
      for (let i = 0; i < group.length; i += 2) info.set(String(group[i]), group[i + 1]);
      delivered += Number(info.get('entries-read') ?? 0);
      if (Number(info.get('pending')) !== 0 || Number(info.get('lag') ?? 1) !== 0) done = false;
    }
  }
  return { done, delivered };
}

const services = await startServices('ephemeral');
const singleRedis = createRedisClient({ url: services.redis.url });
const running: { stop(): Promise<void> }[] = [];

async function run(setup: 'single' | 'multi' | 'cluster'): Promise<Figures> {
  let redis = singleRedis;
  let redisUrl = services.redis.url;
  let redisExtra: Record<string, string> = {};
  if (setup === 'cluster') {
    const cluster = await startRedisCluster();
    running.push(cluster);
    redis = createRedisClient({ clusterNodes: cluster.seeds });
    running.push({ stop: async () => redis.disconnect() });
    redisUrl = cluster.url;
    redisExtra = { REDIS_CLUSTER_NODES: cluster.seeds.join(',') };
  } else {
    await singleRedis.flushall();
  }
  const directUrl = await prepareDatabase(services, `bench_scale_${setup}`, {
    recreate: true,
    seed: true,
  });
  // Fixtures: every restaurant open and without autopilot (only checkout's own events flow),
  // 32 customers, one dish each with plenty of stock.
  const db = createDb(directUrl);
  await db.openingHours.deleteMany();
  await db.restaurant.updateMany({ data: { autopilot: false } });
  const restaurant = await db.restaurant.findFirstOrThrow({ orderBy: { name: 'asc' } });
  const passwordHash = await hashPassword(PASSWORD);
  const users = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) =>
      db.user.create({
        data: { email: `scale${i}@tiffin.test`, name: `Scale ${i}`, passwordHash },
      }),
    ),
  );
  const items = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) =>
      db.menuItem.create({
        data: {
          restaurantId: restaurant.id,
          name: `Scale dish ${i}`,
          description: 'benchmark',
          category: 'Bench',
          priceCents: 1000,
          stock: 1_000_000,
          imageUrl: '/images/menu/bench.svg',
        },
      }),
    ),
  );

  // Webs first; the workers start on the backlog afterwards, so the two figures stay apart.
  let baseUrl: string;
  let startWorkers: () => Promise<void>;
  if (setup === 'single') {
    const port = await freePort();
    const env = {
      databaseUrl: directUrl,
      redisUrl: services.redis.url,
      authSecret: AUTH_SECRET,
      port,
      extra: BENCH_RATE_LIMITS,
    };
    const web = startWeb(env, { sink: () => undefined });
    running.push(web);
    baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/api/health/live`, web);
    startWorkers = () => {
      running.push(startWorker(env, { sink: () => undefined }));
      return Promise.resolve();
    };
  } else {
    const stack = await startMultiProcess({
      directDatabaseUrl: directUrl,
      redisUrl,
      authSecret: AUTH_SECRET,
      webs: 2,
      workers: 0,
      extra: { ...BENCH_RATE_LIMITS, ...redisExtra },
      sink: () => undefined,
    });
    running.push(stack);
    baseUrl = stack.url;
    await stack.ready();
    startWorkers = async () => {
      for (let i = 0; i < 2; i++) {
        const env = {
          databaseUrl: stack.pooledDatabaseUrl,
          redisUrl,
          authSecret: AUTH_SECRET,
          port: await freePort(),
          extra: {
            ...BENCH_RATE_LIMITS,
            ...redisExtra,
            DIRECT_DATABASE_URL: directUrl,
            WORKER_HTTP_PORT: '0',
          },
        };
        running.push(startWorker(env, { sink: () => undefined }));
      }
    };
  }

  const cookies = await Promise.all(users.map((u) => signIn(baseUrl, u.email, PASSWORD)));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const loop = async (perClient: number) => {
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      cookies.map(async (cookie, client) => {
        for (let i = 0; i < perClient; i++) {
          const t0 = performance.now();
          const status = await placeOrder(agent, baseUrl, cookie, items[client]!.id);
          if (status !== 200) throw new Error(`order.place answered ${status}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    return {
      seconds: (performance.now() - started) / 1000,
      latencies: latencies.sort((a, b) => a - b),
    };
  };
  await loop(WARMUP_PER_CLIENT);
  const checkout = await loop(ORDERS_PER_CLIENT);
  agent.destroy();

  // The pipeline: every committed event published and handled by every group.
  const events = await db.outboxEvent.count();
  const started = performance.now();
  await startWorkers();
  let state = await drained(redis);
  while (!state.done || (await db.outboxEvent.count({ where: { publishedAt: null } })) > 0) {
    if (performance.now() - started > 300_000)
      throw new Error('the backlog did not drain in 5 min');
    await new Promise((r) => setTimeout(r, 50));
    state = await drained(redis);
  }
  const pipelineSeconds = (performance.now() - started) / 1000;
  await db.$disconnect();
  for (const part of running.splice(0).reverse()) await part.stop();

  return {
    setup,
    ordersPerSecond: (CLIENTS * ORDERS_PER_CLIENT) / checkout.seconds,
    p50: percentile(checkout.latencies, 50),
    p99: percentile(checkout.latencies, 99),
    events,
    eventsPerSecond: events / pipelineSeconds,
    deliveriesPerSecond: state.delivered / pipelineSeconds,
  };
}

// Other work on the machine moves these figures a lot: printed with them.
const loadBefore = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
try {
  buildWeb({ ifStale: true });
  console.log(
    `[bench:scale] ${CLIENTS} clients × ${ORDERS_PER_CLIENT} orders per setup (after ${WARMUP_PER_CLIENT} each to warm up)`,
  );
  const single = await run('single');
  console.log(`[bench:scale] single done: ${single.ordersPerSecond.toFixed(0)} orders/s`);
  const multi = await run('multi');
  console.log(`[bench:scale] multi done: ${multi.ordersPerSecond.toFixed(0)} orders/s`);
  const cluster = await run('cluster');
  console.log(`[bench:scale] cluster done: ${cluster.ordersPerSecond.toFixed(0)} orders/s`);
  const columns = [single, multi, cluster];
  const row = (label: string, value: (f: Figures) => string) =>
    `  ${label.padEnd(34)}${columns.map((f) => value(f).padStart(16)).join('')}`;
  console.log(`
${row('', (f) => f.setup)}
${row('checkout orders/s', (f) => f.ordersPerSecond.toFixed(0))}
${row('checkout p50 / p99 ms', (f) => `${f.p50.toFixed(1)} / ${f.p99.toFixed(1)}`)}
${row('pipeline events (outbox rows)', (f) => String(f.events))}
${row('pipeline events/s', (f) => f.eventsPerSecond.toFixed(0))}
${row('group deliveries/s (event × group)', (f) => f.deliveriesPerSecond.toFixed(0))}
  load average before / after: ${loadBefore} / ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.cpus().length} cores
  multi / single, orders/s: ${(multi.ordersPerSecond / single.ordersPerSecond).toFixed(2)}; events/s: ${(multi.eventsPerSecond / single.eventsPerSecond).toFixed(2)}
  cluster / single, orders/s: ${(cluster.ordersPerSecond / single.ordersPerSecond).toFixed(2)}; events/s: ${(cluster.eventsPerSecond / single.eventsPerSecond).toFixed(2)}
`);
} finally {
  for (const part of running.reverse()) await part.stop();
  singleRedis.disconnect();
  await services.stop();
}
