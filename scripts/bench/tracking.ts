// `npm run bench:tracking`: live order tracking on ONE web process, with its baseline, in one run.
// For N = 1k, 5k, 10k subscriptions (one order each, one socket per subscriber; BENCH_MULTIPLEX=1
// multiplexes them over one socket per customer):
//   (a) commit → client-received latency p50/p99 while transitions are committed at 50/s
//   (b) the web process RSS once all N have their snapshot (idle), and under that load
//   (c) baseline: the same fan-out through a bare `ws` server and one blocking Redis reader
// Targets: p99 < 100 ms at 1k subscribers; 10k idle subscriptions < 1 GiB RSS; at 10k, the web's
// RSS growth per connection ≤ 3 × the baseline's, subscribe ≥ 2,000/s, p99 < 30 ms.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Redis } from 'ioredis';

import type { Db } from '@tiffin/db';
import type { RunningApp } from '@tiffin/stack';
import { createDb, hashPassword } from '@tiffin/db';
import { transitionOrder } from '@tiffin/domain';
import { errorMessage, eventStreamPartitions } from '@tiffin/events';
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

import type { CpuSampler, HubProbe } from './tracking/inspector';
import type {
  ClientMode,
  CollectedReply,
  FromBareServer,
  FromClient,
  OpenedReply,
  SocketSpec,
  ToBareServer,
  ToClient,
} from './tracking/protocol';
import { BENCH_RATE_LIMITS } from './bench-rate-limits';
import { Channel, forkTs } from './tracking/children';
import { insertOrders } from './tracking/fixtures';
import { censusGrowth, takeCensus } from './tracking/heap-census';
import {
  connectInspector,
  probeHub,
  startCpuProfile,
  startHeapSampling,
} from './tracking/inspector';
import { now } from './tracking/protocol';

const LEVELS = (process.env.BENCH_LEVELS ?? '1000,5000,10000').split(',').map(Number);
const USERS = 100;
const RATE = 50;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 15);
const CLIENT_PROCS = Number(process.env.BENCH_CLIENT_PROCS ?? 1);
/** Subscriptions awaiting their snapshot at once, per load-client process. */
const WINDOW = Number(process.env.BENCH_SUBSCRIBE_WINDOW ?? 500);
const OPEN_TIMEOUT_MS = 180_000;
const GRACE_MS = 10_000;
const SETTLE_MS = 3_000;
const PASSWORD = 'bench-password-1';
const BASELINE_STREAM = '{bench}:stream:baseline';
const MAX_ORDERS = Math.max(...LEVELS);
/** BENCH_CPU_PROFILE=dir: profile the web's CPU while the largest N subscribe (a .cpuprofile). */
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
/** BENCH_HEAP_PROFILE=dir: sample the web's live allocations at the largest N (a .heapprofile). */
const HEAP_PROFILE = process.env.BENCH_HEAP_PROFILE;
/**
 * BENCH_HEAP_CENSUS=n: at level n, heap snapshots of the web with its n sockets idle and after they
 * closed, summed by constructor: where each connection's memory goes (slow on a big heap).
 */
const HEAP_CENSUS = Number(process.env.BENCH_HEAP_CENSUS ?? 0);
/** BENCH_MULTIPLEX=1: the older layout, all of a customer's subscriptions on one socket. */
const MULTIPLEX = process.env.BENCH_MULTIPLEX === '1';
/** Open files for the bench and every process it starts: each socket is one on both ends. */
const FD_LIMIT = 65_536;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (n: number) => `${n.toFixed(0)} MiB`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5) (utime, stime); this slice starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}

/** Runs `fn` over `items` with at most `concurrency` at once. */
async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

function merge(into: Record<string, number>, from: Record<string, number>) {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

const fmtCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([key, n]) => `${key} ×${n}`)
    .join(', ');

interface LevelResult {
  system: 'Tiffin' | 'baseline';
  n: number;
  subscribeMs: number;
  /** The server's RSS just before this level's sockets opened, MiB. */
  rssBefore: number;
  opened: Omit<OpenedReply, 'type' | 'cpuMs'>;
  rssIdle: number;
  rssLoad: number;
  sent: number;
  received: number;
  commitFailures: string[];
  /** Sorted commit → received latencies, ms. */
  latencies: number[];
  /** The slowest events: [seconds into the load, latency ms]. */
  slowest: [number, number][];
  /** The slowest commits (transaction start → resolved), ms. */
  commitP99: number;
  duplicates: number;
  laterMessages: Record<string, number>;
  withoutId: number;
  endedByServer: number;
  errors: Record<string, number>;
  socketCloses: Record<string, number>;
  reconnectRequests: number;
  pings: number;
  clientLoopP99: number;
  clientLoopMax: number;
  clientCpuMs: number;
  clientOpenCpuMs: number;
  clientRss: number;
  /** CPU seconds of the server process (web or baseline) while subscribing, and under load. */
  serverCpuOpen: number;
  serverCpuLoad: number;
  /**
   * Tiffin only: the hub's view once all N are subscribed, again after a full GC with all N
   * still subscribed (after the load), and after every socket closed (and a GC).
   */
  hubOpen?: HubProbe;
  hubLive?: HubProbe;
  hubClosed?: HubProbe;
  heapTop?: { site: string; mib: number }[];
  /** BENCH_CPU_PROFILE: the web's self time by function while subscribing. */
  cpuTop?: { site: string; share: number }[];
  /** BENCH_HEAP_CENSUS: heap growth per connection by kind, idle sockets vs. all closed. */
  census?: { kind: string; countPer: number; bytesPer: number }[];
}

type Client = Channel<ToClient, FromClient>;

const apps: RunningApp[] = [];
const children: { stop(): Promise<void> }[] = [];
const webLog: string[] = [];
const workerLog: string[] = [];
// Each socket is an open file at both ends: raise this process's limit (prlimit on its own pid),
// which the web process, the baseline server and the load clients it starts then inherit. In a
// container without CAP_SYS_RESOURCE only the hard limit already granted applies.
spawnSync('prlimit', ['--pid', String(process.pid), `--nofile=${FD_LIMIT}:${FD_LIMIT}`]);
const openFileLimit = Number(
  /Max open files\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? NaN,
);
if (openFileLimit < MAX_ORDERS + 1_000) {
  console.warn(`[bench] open-file limit ${openFileLimit} is below ${MAX_ORDERS} sockets + margin`);
}
const services = await startServices('ephemeral');
try {
  buildWeb({ ifStale: true });
  const databaseUrl = await prepareDatabase(services, 'bench_tracking', {
    recreate: true,
    seed: true,
  });
  const db = createDb(databaseUrl, { max: 16 });
  const redis = new Redis(services.redis.url);

  // Fixtures: customers sharing one password hash, and one dish each (no stock contention).
  const restaurant = await db.restaurant.findFirstOrThrow({
    where: { isOpen: true },
    orderBy: { name: 'asc' },
  });
  const passwordHash = await hashPassword(PASSWORD);
  const users = await db.user.createManyAndReturn({
    data: Array.from({ length: USERS }, (_, i) => ({
      email: `track${i}@tiffin.test`,
      name: `Tracker ${i}`,
      passwordHash,
    })),
    select: { id: true, email: true },
  });
  const items = await db.menuItem.createManyAndReturn({
    data: Array.from({ length: USERS }, (_, i) => ({
      restaurantId: restaurant.id,
      name: `Tracking dish ${i}`,
      description: 'benchmark',
      category: 'Bench',
      priceCents: 1000,
      stock: 1_000_000,
      imageUrl: '/images/menu/bench.svg',
    })),
    select: { id: true, name: true, priceCents: true, stock: true },
  });

  const port = await freePort();
  const inspectPort = await freePort();
  const env = {
    databaseUrl,
    redisUrl: services.redis.url,
    authSecret: 'bench-only-secret-0123456789-abcdefghij',
    port,
    // The bench drives every transition itself; the worker only relays and projects.
    // Hundreds of customers sign in and order from one address: the abuse limits are raised.
    // The fixture orders wait unanswered for the whole run: the acceptance timeout must not
    // cancel them before their level's transitions are committed.
    extra: {
      SIM_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      KITCHEN_ACCEPT_TIMEOUT_MS: String(6 * 60 * 60_000),
      ...BENCH_RATE_LIMITS,
    },
  };
  const keep = (log: string[]) => (line: string) => {
    log.push(line);
    if (log.length > 2_000) log.shift();
  };
  const worker = startWorker(env, { sink: keep(workerLog) });
  apps.push(worker);
  // --inspect: only for the read-only hub probe (inspector.ts), on a loopback port.
  const web = startWeb(env, {
    sink: keep(webLog),
    nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`],
  });
  apps.push(web);
  const webPid = web.child.pid!;
  const baseUrl = `http://localhost:${port}`;

  // One order per subscription, order i belonging to customer i % USERS (see fixtures.ts).
  const orderStart = performance.now();
  const orders = await insertOrders(db, {
    restaurantId: restaurant.id,
    users,
    items,
    count: MAX_ORDERS,
  });
  const orderSeconds = (performance.now() - orderStart) / 1000;
  console.log(`[bench] inserted ${MAX_ORDERS} orders in ${orderSeconds.toFixed(1)} s`);

  await waitForHttp(`${baseUrl}/`, web);
  const cookies: string[] = new Array<string>(USERS);
  await pool(users, 4, async (user, i) => {
    cookies[i] = await signIn(baseUrl, user.email, PASSWORD);
  });

  // Nothing may still be in flight when measuring: every outbox row relayed, every consumer
  // group (tracking projection included) caught up.
  const quietStart = performance.now();
  await waitForQuiet(db, redis, 180_000);
  const quietSeconds = (performance.now() - quietStart) / 1000;
  const rssStart = rssMiB(webPid);
  console.log(`[bench] ${USERS} customers signed in; pipeline idle; web RSS ${mib(rssStart)}`);

  const clients: Client[] = Array.from(
    { length: CLIENT_PROCS },
    (_, i) => new Channel<ToClient, FromClient>(`load client ${i}`, forkTs('load-client.ts')),
  );
  children.push(...clients);
  await Promise.all(clients.map((c) => c.next('ready', 30_000)));

  const bare = new Channel<ToBareServer, FromBareServer>(
    'baseline server',
    forkTs('bare-server.ts', [services.redis.url, BASELINE_STREAM]),
  );
  children.push(bare);
  const barePort = (await bare.next('listening', 30_000)).port;
  const barePid = bare.proc.pid!;

  /**
   * One socket per subscriber, signed in as the order's customer (order i is customer i % USERS's),
   * as browsers connect; BENCH_MULTIPLEX=1: customer u's one socket carries every order of u.
   */
  const layout = (n: number, withCookies: boolean): SocketSpec[] =>
    MULTIPLEX
      ? Array.from({ length: USERS }, (_, u) => ({
          ...(withCookies ? { cookie: cookies[u]! } : {}),
          keys: orders.slice(0, n).filter((_, i) => i % USERS === u),
        }))
      : orders.slice(0, n).map((key, i) => ({
          ...(withCookies ? { cookie: cookies[i % USERS]! } : {}),
          keys: [key],
        }));

  let nextTarget = 0;
  const results: LevelResult[] = [];

  async function runLevel(system: 'Tiffin' | 'baseline', n: number, targets: string[]) {
    const mode: ClientMode = system === 'Tiffin' ? 'trpc' : 'bare';
    const pid = system === 'Tiffin' ? webPid : barePid;
    const url =
      system === 'Tiffin' ? `ws://127.0.0.1:${port}/api/trpc-ws` : `ws://127.0.0.1:${barePort}/`;
    const sockets = layout(n, system === 'Tiffin');
    const perClient = clients.map((_, c) => sockets.filter((_, s) => s % clients.length === c));

    const sampler =
      HEAP_PROFILE && system === 'Tiffin' && n === MAX_ORDERS
        ? await startHeapSampling(inspectPort)
        : undefined;
    const cpuSampler =
      CPU_PROFILE && system === 'Tiffin' && n === MAX_ORDERS
        ? await startCpuProfile(inspectPort)
        : undefined;
    const rssBefore = rssMiB(pid);
    const cpuOpenStart = cpuSeconds(pid);
    const openStart = performance.now();
    const openReplies = await Promise.all(
      clients.map((client, c) =>
        client.request(
          {
            type: 'open',
            mode,
            url,
            sockets: perClient[c]!,
            window: WINDOW,
            timeoutMs: OPEN_TIMEOUT_MS,
          },
          'opened',
          OPEN_TIMEOUT_MS + 10_000,
        ),
      ),
    );
    const subscribeMs = performance.now() - openStart;
    const serverCpuOpen = cpuSeconds(pid) - cpuOpenStart;
    const cpuTop = cpuSampler ? await saveCpuProfile(cpuSampler, n) : undefined;
    const opened = { live: 0, failed: 0, pending: 0, errors: {} as Record<string, number> };
    let clientOpenCpuMs = 0;
    for (const reply of openReplies) {
      clientOpenCpuMs += reply.cpuMs;
      opened.live += reply.live;
      opened.failed += reply.failed;
      opened.pending += reply.pending;
      merge(opened.errors, reply.errors);
    }
    const hubOpen = system === 'Tiffin' ? await probeHub(inspectPort) : undefined;
    await sleep(SETTLE_MS);
    const rssIdle = rssMiB(pid);
    const censusOpen =
      system === 'Tiffin' && n === HEAP_CENSUS ? await censusOf(inspectPort) : undefined;

    await Promise.all(clients.map((c) => c.request({ type: 'mark' }, 'marked', 10_000)));
    let rssLoad = rssMiB(pid);
    const rssSampler = setInterval(() => (rssLoad = Math.max(rssLoad, rssMiB(pid))), 250);
    const cpuLoadStart = cpuSeconds(pid);
    const commit =
      system === 'Tiffin'
        ? async (orderId: string) => {
            await db.$transaction((tx) =>
              transitionOrder(tx, orderId, 'created', 'confirmed', 'staff:bench'),
            );
          }
        : async (orderId: string) => {
            // About the size of the order_status message Tiffin sends.
            const data = JSON.stringify({
              kind: 'order_status',
              orderId,
              from: 'created',
              to: 'confirmed',
              version: 2,
              at: new Date().toISOString(),
              actor: 'staff:bench',
              eta: new Date(Date.now() + 30 * 60_000).toISOString(),
            });
            await redis.xadd(BASELINE_STREAM, 'MAXLEN', '~', '10000', '*', 'key', orderId, 'data', data); // prettier-ignore
          };
    const loadStart = now();
    const { committedAt, commitMs, failures } = await driveAt(RATE, targets, commit);

    // Stragglers: collect until every committed event arrived, or the grace period ends.
    const graceEnd = performance.now() + GRACE_MS;
    let collected: CollectedReply[];
    for (;;) {
      collected = await Promise.all(
        clients.map((c) => c.request({ type: 'collect' }, 'collected', 30_000)),
      );
      const got = collected.reduce((sum, r) => sum + r.received.length, 0);
      if (got >= committedAt.size || performance.now() > graceEnd) break;
      await sleep(250);
    }
    clearInterval(rssSampler);
    const serverCpuLoad = cpuSeconds(pid) - cpuLoadStart;

    const latencies: number[] = [];
    const result: LevelResult = {
      system,
      n,
      subscribeMs,
      rssBefore,
      opened,
      rssIdle,
      rssLoad,
      sent: committedAt.size,
      received: 0,
      commitFailures: failures,
      latencies,
      slowest: [],
      commitP99: percentile(
        commitMs.sort((a, b) => a - b),
        99,
      ),
      duplicates: 0,
      laterMessages: {},
      withoutId: 0,
      endedByServer: 0,
      errors: {},
      socketCloses: {},
      reconnectRequests: 0,
      pings: 0,
      clientLoopP99: 0,
      clientLoopMax: 0,
      clientCpuMs: 0,
      clientOpenCpuMs,
      clientRss: 0,
      serverCpuOpen,
      serverCpuLoad,
      ...(hubOpen ? { hubOpen } : {}),
      ...(cpuTop ? { cpuTop } : {}),
    };
    for (const reply of collected) {
      for (const [key, at] of reply.received) {
        const t0 = committedAt.get(key);
        if (t0 === undefined) continue;
        latencies.push(at - t0);
        result.slowest.push([(t0 - loadStart) / 1000, at - t0]);
      }
      result.duplicates += reply.duplicates;
      merge(result.laterMessages, reply.laterMessages);
      result.withoutId += reply.withoutId;
      result.endedByServer += reply.endedByServer;
      merge(result.errors, reply.errors);
      merge(result.socketCloses, reply.socketCloses);
      result.reconnectRequests += reply.reconnectRequests;
      result.pings += reply.pings;
      result.clientLoopP99 = Math.max(result.clientLoopP99, reply.loopLagP99Ms);
      result.clientLoopMax = Math.max(result.clientLoopMax, reply.loopLagMaxMs);
      result.clientCpuMs += reply.cpuMs;
      result.clientRss += reply.rssMiB;
    }
    latencies.sort((a, b) => a - b);
    result.slowest = result.slowest.sort((a, b) => b[1] - a[1]).slice(0, 5);
    result.received = latencies.length;

    if (system === 'Tiffin') result.hubLive = await probeHub(inspectPort, { gc: true });
    if (sampler) {
      const { top, profile } = await sampler.stop();
      result.heapTop = top;
      fs.mkdirSync(HEAP_PROFILE!, { recursive: true });
      const file = path.join(HEAP_PROFILE!, `web-${n}-subscriptions.heapprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      console.log(`[bench] live-allocation profile of the web process: ${file}`);
    }
    await Promise.all(clients.map((c) => c.request({ type: 'close' }, 'closed', 30_000)));
    if (system === 'Tiffin') {
      await sleep(2_000);
      result.hubClosed = await probeHub(inspectPort, { gc: true });
    }
    if (censusOpen) {
      result.census = censusGrowth(await censusOf(inspectPort), censusOpen, n).slice(0, 25);
    }
    results.push(result);
    console.log(
      `[bench] ${system} N=${n}: subscribed in ${(subscribeMs / 1000).toFixed(1)} s, ` +
        `RSS ${mib(rssIdle)} idle / ${mib(rssLoad)} load, ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, ` +
        `${result.received}/${result.sent} received`,
    );
  }

  const eventsPerLevel = Math.round(RATE * LOAD_SECONDS);
  for (const n of LEVELS) {
    // Orders of this level that are still `created`, spread over every customer's socket.
    const count = Math.min(eventsPerLevel, n - nextTarget);
    const targets = orders.slice(nextTarget, nextTarget + count);
    nextTarget += count;
    await runLevel('Tiffin', n, targets);
    await runLevel('baseline', n, targets);
  }
  const webRssEnd = rssMiB(webPid);
  const webProbeEnd = await probeHub(inspectPort, { gc: true });
  const bareRssEnd = rssMiB(barePid);

  await redis.quit();
  await db.$disconnect();
  printReport(results, {
    orderSeconds,
    quietSeconds,
    rssStart,
    webRssEnd,
    webProbeEnd,
    bareRssEnd,
  });
} finally {
  await Promise.all(children.map((c) => c.stop()));
  await Promise.all(apps.map((app) => app.stop()));
  await services.stop();
}

/** Stops the CPU profile, writes it to BENCH_CPU_PROFILE, and returns its top functions. */
async function saveCpuProfile(sampler: CpuSampler, n: number) {
  const { top, profile } = await sampler.stop();
  fs.mkdirSync(CPU_PROFILE!, { recursive: true });
  const file = path.join(CPU_PROFILE!, `web-${n}-subscribing.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  console.log(`[bench] CPU profile of the web while subscribing: ${file}`);
  return top;
}

/** A heap census of the web process (a full snapshot through its inspector). */
async function censusOf(inspectPort: number) {
  const session = await connectInspector(inspectPort);
  try {
    return await takeCensus(session);
  } finally {
    session.close();
  }
}

/** Calls `commit` for each key at `rate` per second (not waiting for the previous one). */
async function driveAt(rate: number, keys: string[], commit: (key: string) => Promise<void>) {
  const committedAt = new Map<string, number>();
  const commitMs: number[] = [];
  const failures: string[] = [];
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < keys.length; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const key = keys[i]!;
    const t0 = now();
    inflight.push(
      commit(key).then(
        () => {
          const t1 = now();
          committedAt.set(key, t1);
          commitMs.push(t1 - t0);
        },
        (error: unknown) => void failures.push(errorMessage(error)),
      ),
    );
  }
  await Promise.all(inflight);
  return { committedAt, commitMs, failures };
}

/** Waits until the outbox is relayed and every consumer group has read and acked everything. */
async function waitForQuiet(db: Db, redis: Redis, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let state = '';
  while (Date.now() < deadline) {
    const unpublished = await db.outboxEvent.count({ where: { publishedAt: null } });
    const behind: string[] = [];
    for (const stream of eventStreamPartitions()) {
      if (!(await redis.exists(stream))) continue;
      const [last] = await redis.xrevrange(stream, '+', '-', 'COUNT', 1);
      const groups = (await redis.xinfo('GROUPS', stream)) as (string | number | null)[][]; // Redis reply
      for (const flat of groups) {
        const info = new Map<string, string | number | null>();
        for (let i = 0; i < flat.length; i += 2) info.set(String(flat[i]), flat[i + 1] ?? null);
        const caughtUp = !last || info.get('last-delivered-id') === last[0];
        if (info.get('pending') !== 0 || !caughtUp) {
          behind.push(`${stream}/${String(info.get('name'))}`);
        }
      }
    }
    state = `${unpublished} unpublished, behind: ${behind.join(', ') || 'none'}`;
    if (unpublished === 0 && behind.length === 0) return;
    await sleep(500);
  }
  throw new Error(`the event pipeline did not go idle: ${state}`);
}

function printReport(
  results: LevelResult[],
  extra: {
    orderSeconds: number;
    quietSeconds: number;
    rssStart: number;
    webRssEnd: number;
    webProbeEnd: HubProbe;
    bareRssEnd: number;
  },
) {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
  const header =
    `${'N'.padStart(6)}  ${'system'.padEnd(8)} ${'subscribe'.padStart(9)} ${'subs/s'.padStart(7)} ` +
    `${'RSS idle'.padStart(9)} ${'RSS load'.padStart(9)} ${'p50 ms'.padStart(7)} ` +
    `${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'received'.padStart(9)}`;
  const rows = results.map((r) => {
    const subscribed = `${(r.subscribeMs / 1000).toFixed(2)} s`;
    return (
      `${(r.system === 'Tiffin' ? String(r.n) : '').padStart(6)}  ${r.system.padEnd(8)} ` +
      `${subscribed.padStart(9)} ${(r.opened.live / (r.subscribeMs / 1000)).toFixed(0).padStart(7)} ` +
      `${mib(r.rssIdle).padStart(9)} ${mib(r.rssLoad).padStart(9)} ` +
      `${f(percentile(r.latencies, 50)).padStart(7)} ${f(percentile(r.latencies, 99)).padStart(7)} ` +
      `${f(r.latencies.at(-1) ?? NaN).padStart(7)} ${`${r.received}/${r.sent}`.padStart(9)}`
    );
  });

  const problems: string[] = [];
  const diagnostics: string[] = [];
  for (const r of results) {
    const tag = `${r.system} N=${r.n}`;
    if (r.opened.live !== r.n) {
      problems.push(
        `${tag}: ${r.opened.live}/${r.n} subscriptions live (failed ${r.opened.failed}, ` +
          `no reply ${r.opened.pending}) ${fmtCounts(r.opened.errors)}`,
      );
    }
    if (r.received < r.sent) problems.push(`${tag}: ${r.sent - r.received} events never arrived`);
    if (r.commitFailures.length > 0) {
      problems.push(`${tag}: ${r.commitFailures.length} commits failed: ${r.commitFailures[0]}`);
    }
    if (r.duplicates > 0) {
      problems.push(`${tag}: ${r.duplicates} duplicate deliveries (an id received twice)`);
    }
    if (r.withoutId > 0) problems.push(`${tag}: ${r.withoutId} data messages without a tracked id`);
    if (r.endedByServer > 0) {
      problems.push(`${tag}: ${r.endedByServer} live subscriptions ended by the server`);
    }
    if (Object.keys(r.errors).length > 0) problems.push(`${tag}: errors ${fmtCounts(r.errors)}`);
    if (Object.keys(r.socketCloses).length > 0) {
      problems.push(`${tag}: sockets closed by the server: ${fmtCounts(r.socketCloses)}`);
    }
    if (r.reconnectRequests > 0) problems.push(`${tag}: ${r.reconnectRequests} reconnect requests`);
    // Each order.track listens on two channels: the order's steps and its courier's positions.
    if (r.hubOpen && r.hubOpen.subscribers !== 2 * r.n) {
      problems.push(
        `${tag}: hub counted ${r.hubOpen.subscribers} listeners with ${r.n} open (expected ${2 * r.n})`,
      );
    }
    if (r.hubClosed && (r.hubClosed.subscribers !== 0 || r.hubClosed.channels !== 0)) {
      problems.push(
        `${tag}: after every socket closed the hub still has ${r.hubClosed.subscribers} ` +
          `subscribers on ${r.hubClosed.channels} channels (leak)`,
      );
    }
    const slowest = r.slowest.map(([t, ms]) => `${f(ms)} ms @${t.toFixed(1)}s`).join(', ');
    const lines = [
      `${tag}`,
      `server CPU ${f(r.serverCpuOpen)} s while subscribing, ${f(r.serverCpuLoad)} s under load; ` +
        `commit p99 ${f(r.commitP99)} ms`,
      `slowest deliveries (latency @ time into the load): ${slowest}`,
      `later messages with ids of their own (not timed): ${fmtCounts(r.laterMessages) || 'none'}`,
    ];
    if (r.hubOpen && r.hubLive && r.hubClosed) {
      const perSub = ((r.hubLive.heapUsedMiB - r.hubClosed.heapUsedMiB) * 1024) / r.n;
      lines.push(
        `hub ${r.hubOpen.subscribers} subscribers on ${r.hubOpen.channels} channels; heap ` +
          `${mib(r.hubOpen.heapUsedMiB)} when subscribed, ${mib(r.hubLive.heapUsedMiB)} live after ` +
          `a full GC (≈ ${perSub.toFixed(0)} KiB per subscription); after close + GC: ` +
          `${r.hubClosed.subscribers} subscribers, heap ${mib(r.hubClosed.heapUsedMiB)}, ` +
          `RSS ${mib(r.hubClosed.rssMiB)}`,
      );
    }
    lines.push(
      `load client: CPU ${f(r.clientOpenCpuMs / 1000)} s subscribing, ${f(r.clientCpuMs / 1000)} s ` +
        `under load; event-loop lag p99 ${f(r.clientLoopP99)} ms (max ${f(r.clientLoopMax)}); ` +
        `RSS ${mib(r.clientRss)}; server PINGs answered ${r.pings}`,
    );
    if (r.cpuTop) {
      lines.push('web CPU while subscribing, self time by function:');
      for (const { site, share } of r.cpuTop) {
        lines.push(`  ${(share * 100).toFixed(1).padStart(5)}%  ${site}`);
      }
    }
    if (r.census) {
      const total = r.census.reduce((sum, row) => sum + Math.max(0, row.bytesPer), 0);
      lines.push(`heap census: per connection, by kind (top 25 sum ${f(total / 1024)} KiB):`);
      for (const row of r.census) {
        lines.push(
          `  ${f(row.bytesPer).padStart(8)} B  ×${row.countPer.toFixed(2).padStart(6)}  ${row.kind}`,
        );
      }
    }
    for (const { site, mib: size } of r.heapTop ?? []) {
      lines.push(`  live heap ${size.toFixed(1).padStart(6)} MiB  ${site}`);
    }
    diagnostics.push(lines.join('\n    '));
  }
  const webErrors = webLog.filter((l) => /error|warn|fail|exception/i.test(l));
  if (webErrors.length > 0) {
    problems.push(`web process logged ${webErrors.length} error/warning line(s), e.g.:`);
    for (const line of webErrors.slice(0, 8)) problems.push(`    ${line.slice(0, 300)}`);
  }
  const workerErrors = workerLog.filter((l) => /error|warn|fail/i.test(l));
  if (workerErrors.length > 0) {
    problems.push(`worker logged ${workerErrors.length} warning/error line(s), e.g.:`);
    for (const line of workerErrors.slice(0, 5)) problems.push(`    ${line.slice(0, 300)}`);
  }

  const at1k = results.find((r) => r.system === 'Tiffin' && r.n === 1000);
  const at10k = results.find((r) => r.system === 'Tiffin' && r.n === 10000);
  const p99At1k = at1k ? percentile(at1k.latencies, 99) : NaN;
  const verdict = (measured: unknown, ok: boolean) =>
    measured === undefined ? 'not measured' : ok ? 'met' : 'MISSED';
  const bare10k = results.find((r) => r.system === 'baseline' && r.n === 10000);
  const perConnKiB = (r: LevelResult | undefined) =>
    r ? ((r.rssIdle - r.rssBefore) * 1024) / r.n : NaN;
  const subscribeRate = (r: LevelResult | undefined) =>
    r ? r.opened.live / (r.subscribeMs / 1000) : NaN;
  const p99At10k = at10k ? percentile(at10k.latencies, 99) : NaN;
  console.log(`
bench:tracking — order.track subscriptions on ONE web process vs a bare ws + Redis reader
(${os.cpus().length} cores, ${process.platform} ${process.arch}, PostgreSQL with fsync off; load client: ${CLIENT_PROCS} process(es),
${MULTIPLEX ? `${USERS} sockets (one per signed-in customer, subscriptions multiplexed)` : `one socket per subscriber (each signed in as the order's customer), at most ${WINDOW} connecting at once`}, ≤ ${WINDOW} subscriptions awaiting a snapshot at once;
open-file limit ${openFileLimit} per process (raised towards ${FD_LIMIT} with prlimit where permitted);
load: created → confirmed on subscribed orders, one transaction every ${1000 / RATE} ms for ${LOAD_SECONDS} s;
latency = transaction resolved (or XADD replied) → message parsed by the load client, same clock)

${header}
${rows.join('\n')}

Targets
  p99 at 1k subscribers:      ${f(p99At1k)} ms   (target < 100 ms: ${verdict(at1k, p99At1k < 100)})
  10k idle subscriptions:     ${at10k ? mib(at10k.rssIdle) : '—'} RSS   (target < 1024 MiB: ${verdict(at10k, !!at10k && at10k.rssIdle < 1024)})
  RSS growth per connection at 10k: web ${f(perConnKiB(at10k))} KiB, baseline ${f(perConnKiB(bare10k))} KiB   (target web ≤ 3 × baseline: ${verdict(at10k && bare10k, perConnKiB(at10k) <= 3 * perConnKiB(bare10k))})
  subscribe rate at 10k:      ${f(subscribeRate(at10k))} /s   (target ≥ 2,000/s: ${verdict(at10k, subscribeRate(at10k) >= 2000)})
  p99 at 10k, ${RATE} orders/s:    ${f(p99At10k)} ms   (target < 30 ms: ${verdict(at10k, p99At10k < 30)})

Web RSS before any subscription ${mib(extra.rssStart)}, at the end ${mib(extra.webRssEnd)} (after GC: heap ${mib(extra.webProbeEnd.heapUsedMiB)}, ${extra.webProbeEnd.subscribers} subscribers); baseline server RSS at the end ${mib(extra.bareRssEnd)}.
Setup: ${MAX_ORDERS} orders bulk-inserted (placeOrder's rows and events) in ${extra.orderSeconds.toFixed(1)} s; relay + projection idle ${extra.quietSeconds.toFixed(1)} s later.

Diagnostics
${diagnostics.map((d) => `  ${d}`).join('\n')}

Problems: ${problems.length === 0 ? 'none' : `\n${problems.map((p) => `  ${p}`).join('\n')}`}
`);
}
