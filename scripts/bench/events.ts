// `npm run bench:events`: the event pipeline against its baseline, in one run.
//   (a) end to end: committed outbox rows → relay → Redis Stream → consumer group (no-op effect)
//   (b) baseline: raw XADD + XREADGROUP/XACK on the same Redis, same batch sizes, XACK per event
//   (b2) pipelined baseline: the same, with one XACK per read batch
//   (c) commit → consumer-received latency at light load (50 events/s), and commit → XADD
// Targets: (a)/(b2) ≥ 0.3, (c) p99 < 20 ms, commit → XADD p99 < 20 ms; each printed met or MISSED.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';

import { Redis } from 'ioredis';

import { createDb } from '@tiffin/db';
import { event, writeOutboxEvents } from '@tiffin/domain';
import { ConsumerGroup, streamPartitions, STREAMS } from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import { prepareDatabase, startServices } from '@tiffin/stack';
import { DEFAULT_RELAY_BATCH_SIZE, OutboxRelay } from '@tiffin/worker/outbox-relay';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000);
const LIGHT_EVENTS = 200;
const LIGHT_RATE = 50;
/** The relay's batch, and the raw baselines' XADD pipelines as large (BENCH_BATCH sets both). */
const BATCH = Number(process.env.BENCH_BATCH ?? DEFAULT_RELAY_BATCH_SIZE);
/** BENCH_PROFILE=dir writes a V8 CPU profile of (a)'s window (relay and consumer) there. */
const PROFILE_DIR = process.env.BENCH_PROFILE;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const quiet = createLogger('error');
const services = await startServices('ephemeral');
const databaseUrl = await prepareDatabase(services, 'bench_events', { recreate: true, seed: true });
const db = createDb(databaseUrl, { max: 10 });
const redis = new Redis(services.redis.url);
const relayRedis = new Redis(services.redis.url, { enableOfflineQueue: false, lazyConnect: true });
await relayRedis.connect();
const restaurantId = (await db.restaurant.findFirstOrThrow()).id;
const menuItemId = (await db.menuItem.findFirstOrThrow()).id;

/** Commits `n` stock events in transactions of `per`, like many small orders would. */
async function commitEvents(n: number, per: number) {
  for (let done = 0; done < n; done += per) {
    const count = Math.min(per, n - done);
    await db.$transaction((tx) =>
      writeOutboxEvents(
        tx,
        Array.from({ length: count }, () =>
          event(
            'menu.stock_changed.v1',
            { restaurantId, items: [{ menuItemId, stock: 1 }], reason: 'admin' },
            { correlationId: randomUUID(), source: 'bench' },
          ),
        ),
      ),
    );
  }
}

try {
  // (a) Rows are committed first (untimed); then relay and consumer run until all arrive.
  await commitEvents(EVENTS, 100);
  let received = 0;
  let allIn: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allIn = resolve));
  const consumer = new ConsumerGroup({
    redis,
    stream: streamPartitions(STREAMS.menu),
    group: 'bench-a',
    log: quiet,
    batchSize: 100,
    handler: async () => {
      if (++received === EVENTS) allIn();
    },
  });
  const relay = new OutboxRelay({ databaseUrl, redis: relayRedis, log: quiet, batchSize: BATCH });
  const profiler = PROFILE_DIR ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    // V8's default of 1 ms gives a few hundred samples for (a)'s window; 100 µs resolves it.
    await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
    await profiler.post('Profiler.start');
  }
  const startA = performance.now();
  await consumer.start();
  await relay.start();
  // When the relay alone has everything on the stream, apart from the consumer's pace.
  let relaySeconds = NaN;
  const watchRelay = (async () => {
    const menuLength = async () =>
      (await Promise.all(streamPartitions(STREAMS.menu).map((p) => redis.xlen(p)))).reduce(
        (a, b) => a + b,
        0,
      );
    while ((await menuLength()) < EVENTS) await new Promise((r) => setTimeout(r, 10));
    relaySeconds = (performance.now() - startA) / 1000;
  })();
  await done;
  await watchRelay;
  const secondsA = (performance.now() - startA) / 1000;
  if (profiler && PROFILE_DIR) {
    const { profile } = await profiler.post('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(
      path.join(PROFILE_DIR, `events-a-${Date.now()}.cpuprofile`),
      JSON.stringify(profile),
    );
    profiler.disconnect();
  }
  await consumer.stop();

  // (b) The same volume through bare Redis commands: XADD in pipelines of BATCH, read 100 at a
  // time, XACK each (as the runner does), concurrently.
  const rawStream = 'bench:{raw}';
  await redis.xgroup('CREATE', rawStream, 'bench-b', '0', 'MKSTREAM');
  const reader = redis.duplicate();
  const payload = JSON.stringify({
    eventId: randomUUID(),
    type: 'menu.stock_changed.v1',
    payload: { x: 1 },
  });
  const startB = performance.now();
  const produce = (async () => {
    for (let sent = 0; sent < EVENTS; sent += BATCH) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < Math.min(BATCH, EVENTS - sent); i++) {
        pipeline.xadd(rawStream, 'MAXLEN', '~', '100000', '*', 'type', 't', 'envelope', payload);
      }
      await pipeline.exec();
    }
  })();
  let consumed = 0;
  while (consumed < EVENTS) {
    const reply = (await reader.xreadgroup(
      'GROUP', 'bench-b', 'raw', 'COUNT', 100, 'BLOCK', 1000, 'STREAMS', rawStream, '>',
    )) as [string, [string, string[]][]][] | null; // prettier-ignore
    for (const [, entries] of reply ?? []) {
      for (const [id] of entries) {
        await reader.xack(rawStream, 'bench-b', id);
        consumed++;
      }
    }
  }
  await produce;
  const secondsB = (performance.now() - startB) / 1000;

  // (b2) The pipelined baseline: the same XADD pipelines, and each read batch acknowledged in
  // one XACK, so both sides send one round trip per batch.
  const pipedStream = 'bench:{raw-pipelined}';
  await redis.xgroup('CREATE', pipedStream, 'bench-b2', '0', 'MKSTREAM');
  const startB2 = performance.now();
  const producePiped = (async () => {
    for (let sent = 0; sent < EVENTS; sent += BATCH) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < Math.min(BATCH, EVENTS - sent); i++) {
        pipeline.xadd(pipedStream, 'MAXLEN', '~', '100000', '*', 'type', 't', 'envelope', payload);
      }
      await pipeline.exec();
    }
  })();
  let consumedPiped = 0;
  while (consumedPiped < EVENTS) {
    const reply = (await reader.xreadgroup(
      'GROUP', 'bench-b2', 'raw', 'COUNT', 100, 'BLOCK', 1000, 'STREAMS', pipedStream, '>',
    )) as [string, [string, string[]][]][] | null; // prettier-ignore
    for (const [, entries] of reply ?? []) {
      if (entries.length === 0) continue;
      await reader.xack(pipedStream, 'bench-b2', ...entries.map(([id]) => id));
      consumedPiped += entries.length;
    }
  }
  await producePiped;
  const secondsB2 = (performance.now() - startB2) / 1000;
  reader.disconnect();

  // (c) Light load: one event per transaction at 50/s; latency from commit to the handler.
  // Arrivals are recorded by event id and matched to commit times afterwards: the relay can
  // publish (and the handler run) before the committing call has returned here.
  const committedAt = new Map<string, number>();
  const arrivals = new Map<string, { at: number; xaddAt: number }>();
  const expected = new Set<string>();
  const wallNow = () => performance.timeOrigin + performance.now();
  let lightDone: () => void = () => undefined;
  const lightAllIn = new Promise<void>((resolve) => (lightDone = resolve));
  const light = new ConsumerGroup({
    redis,
    stream: streamPartitions(STREAMS.menu),
    group: 'bench-c',
    log: quiet,
    startId: '$',
    handler: async (envelope, ctx) => {
      if (!expected.has(envelope.eventId)) return;
      // Commit → XADD: a stream id starts with Redis's clock in ms (same machine, so same clock);
      // the id's ms is the floor of the XADD time, so + 0.5 ms is its midpoint.
      arrivals.set(envelope.eventId, {
        at: wallNow(),
        xaddAt: Number(ctx.messageId.split('-')[0]) + 0.5,
      });
      if (arrivals.size === LIGHT_EVENTS) lightDone();
    },
  });
  await light.start();
  for (let i = 0; i < LIGHT_EVENTS; i++) {
    const next = performance.now() + 1000 / LIGHT_RATE;
    const envelope = event(
      'menu.stock_changed.v1',
      { restaurantId, items: [{ menuItemId, stock: 1 }], reason: 'admin' },
      { correlationId: randomUUID(), source: 'bench' },
    );
    expected.add(envelope.eventId);
    await db.$transaction((tx) => writeOutboxEvents(tx, [envelope]));
    committedAt.set(envelope.eventId, wallNow());
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await lightAllIn;
  await light.stop();
  await relay.stop();
  const latencies: number[] = [];
  const xaddLatencies: number[] = [];
  for (const [eventId, { at, xaddAt }] of arrivals) {
    const t0 = committedAt.get(eventId) ?? NaN;
    latencies.push(at - t0);
    xaddLatencies.push(xaddAt - t0);
  }
  latencies.sort((x, y) => x - y);
  xaddLatencies.sort((x, y) => x - y);

  const rateA = EVENTS / secondsA;
  const rateB = EVENTS / secondsB;
  const rateB2 = EVENTS / secondsB2;
  const ratioB2 = rateA / rateB2;
  const p99 = percentile(latencies, 99);
  const xaddP99 = percentile(xaddLatencies, 99);
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(`
bench:events — ${EVENTS} events (${os.cpus().length} cores, PostgreSQL with fsync off, load average ${load})

(a)  outbox → relay → stream → consumer            ${rateA.toFixed(0).padStart(7)} events/s
(b)  raw XADD pipelines + XREADGROUP, XACK each     ${rateB.toFixed(0).padStart(7)} events/s
(b2) raw XADD pipelines + XREADGROUP, one XACK each read (pipelined baseline) ${rateB2.toFixed(0).padStart(7)} events/s
     of which the relay alone, rows → stream           ${(EVENTS / relaySeconds).toFixed(0).padStart(7)} events/s (ratio to (b2) ${(EVENTS / relaySeconds / rateB2).toFixed(2)})
ratio (a)/(b):  ${(rateA / rateB).toFixed(2)}
ratio (a)/(b2): ${ratioB2.toFixed(2)}   (target ≥ 0.3: ${verdict(ratioB2 >= 0.3)})

(c) commit → consumer received, ${LIGHT_EVENTS} events at ${LIGHT_RATE}/s:
    p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms   (target p99 < 20 ms: ${verdict(p99 < 20)})
    of which commit → XADD (the stream id's clock, ±0.5 ms):
    p50 ${percentile(xaddLatencies, 50).toFixed(1)} ms, p99 ${xaddP99.toFixed(1)} ms, max ${xaddLatencies.at(-1)?.toFixed(1)} ms   (target p99 < 20 ms: ${verdict(xaddP99 < 20)})
`);
} finally {
  redis.disconnect();
  relayRedis.disconnect();
  await db.$disconnect();
  await services.stop();
}
