// Prometheus metrics for the worker (GET /api/metrics on WORKER_HTTP_PORT, a port not exposed to
// the public): events handled by group, type and outcome with handler duration; the outbox
// backlog and its oldest row's age; stream length, group pending and lag, dead letters (from
// XINFO); timers pending and fired; refill runs; commit → XADD latency. A gauge whose source
// (PostgreSQL, Redis) is down keeps its last value, so a scrape during an outage still answers.
import pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { OutcomeReport, RedisClient, StreamsReport } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import { streamStats } from '@tiffin/events';
import { errorMessage } from '@tiffin/events/logger';

export interface WorkerMetricsSources {
  databaseUrl: string;
  redis: RedisClient;
  timerCounts?: () => Promise<{ due: number; leased: number }>;
  /** Where a failing collector says so (once per outage); silent when omitted. */
  log?: Logger;
}

/** A collector slower than this is abandoned for the scrape, like a failed one. */
const COLLECT_TIMEOUT_MS = 2_000;

export function createWorkerMetrics(sources: WorkerMetricsSources) {
  const failing = new Set<string>();
  /**
   * Wraps a gauge's collect: prom-client fails the whole scrape when one collect throws, so a
   * failure (or a hang) leaves the gauge at its last value and is logged once until it recovers.
   */
  const guarded = (name: string, collect: () => Promise<void>) => async (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${COLLECT_TIMEOUT_MS} ms`)),
        COLLECT_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([collect(), timeout]);
      if (failing.delete(name))
        sources.log?.info('metrics collector recovered', { collector: name });
    } catch (error) {
      if (!failing.has(name)) {
        failing.add(name);
        sources.log?.warn('metrics collector failed; keeping its last value', {
          collector: name,
          error: errorMessage(error),
        });
      }
    } finally {
      clearTimeout(timer);
    }
  };

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // A tiny pool of its own, so a scrape never waits behind the relay or handlers.
  const pool = new pg.Pool({ connectionString: sources.databaseUrl, max: 1 });
  pool.on('error', () => undefined);

  const eventsHandled = new Counter({
    name: 'events_handled_total',
    help: 'Stream messages handled, by consumer group, event type and outcome',
    labelNames: ['group', 'type', 'outcome'],
    registers: [registry],
  });
  const handlerDuration = new Histogram({
    name: 'event_handler_duration_seconds',
    help: 'Handler duration by consumer group and event type',
    labelNames: ['group', 'type'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  const publishLatency = new Histogram({
    name: 'outbox_publish_latency_seconds',
    help: 'From an event being written to the outbox to its XADD',
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const timersFired = new Counter({
    name: 'timers_fired_total',
    help: 'Durable timers fired',
    registers: [registry],
  });
  const refillRuns = new Counter({
    name: 'refill_runs_total',
    help: 'Stock refills run by this worker',
    registers: [registry],
  });

  const outboxUnpublished: Gauge = new Gauge({
    name: 'outbox_unpublished_rows',
    help: 'Outbox rows not yet published to Redis',
    registers: [registry],
    collect: guarded('outbox_unpublished_rows', async () => {
      const { rows } = await pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM "OutboxEvent" WHERE "publishedAt" IS NULL',
      );
      outboxUnpublished.set(Number(rows[0]?.n ?? 0));
    }),
  });
  const outboxOldest: Gauge = new Gauge({
    name: 'outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished outbox row (0 when none)',
    registers: [registry],
    collect: guarded('outbox_oldest_unpublished_age_seconds', async () => {
      const { rows } = await pool.query<{ age: number | null }>(
        'SELECT EXTRACT(EPOCH FROM now() - min("createdAt"))::float AS age FROM "OutboxEvent" WHERE "publishedAt" IS NULL',
      );
      outboxOldest.set(rows[0]?.age ?? 0);
    }),
  });

  // One XINFO round per scrape feeds the four stream gauges. Each gauge awaits it in its own
  // collect: prom-client reads a gauge right after that gauge's collect, not after all of them.
  let snapshot: Promise<StreamsReport> | undefined;
  const streamsNow = (): Promise<StreamsReport> => {
    snapshot ??= streamStats(sources.redis).finally(() => (snapshot = undefined));
    return snapshot;
  };
  const streamLength: Gauge<'stream'> = new Gauge({
    name: 'stream_length',
    help: 'Entries in a stream',
    labelNames: ['stream'],
    registers: [registry],
    collect: guarded('streams', async () => {
      const report = await streamsNow();
      for (const stream of report.streams)
        streamLength.set({ stream: stream.stream }, stream.length);
    }),
  });
  const groupPending: Gauge<'stream' | 'group'> = new Gauge({
    name: 'stream_group_pending',
    help: 'Messages delivered to a group and not yet acknowledged',
    labelNames: ['stream', 'group'],
    registers: [registry],
    collect: guarded('streams', async () => {
      for (const stream of (await streamsNow()).streams) {
        for (const group of stream.groups) {
          groupPending.set({ stream: stream.stream, group: group.name }, group.pending);
        }
      }
    }),
  });
  const groupLag: Gauge<'stream' | 'group'> = new Gauge({
    name: 'stream_group_lag',
    help: 'Messages in the stream a group has not read yet',
    labelNames: ['stream', 'group'],
    registers: [registry],
    collect: guarded('streams', async () => {
      for (const stream of (await streamsNow()).streams) {
        for (const group of stream.groups) {
          if (group.lag !== null) {
            groupLag.set({ stream: stream.stream, group: group.name }, group.lag);
          }
        }
      }
    }),
  });
  const deadLetters: Gauge = new Gauge({
    name: 'dead_letters',
    help: 'Messages in the dead-letter stream',
    registers: [registry],
    collect: guarded('streams', async () => {
      deadLetters.set((await streamsNow()).deadLetters);
    }),
  });
  const timersPending: Gauge<'state'> = new Gauge({
    name: 'timers_pending',
    help: 'Durable timers waiting (due) or being fired (leased)',
    labelNames: ['state'],
    registers: [registry],
    collect: guarded('timers_pending', async () => {
      if (!sources.timerCounts) return;
      const { due, leased } = await sources.timerCounts();
      timersPending.set({ state: 'due' }, due);
      timersPending.set({ state: 'leased' }, leased);
    }),
  });

  return {
    registry,
    onOutcome(report: OutcomeReport) {
      eventsHandled.inc({ group: report.group, type: report.type, outcome: report.outcome });
      handlerDuration.observe({ group: report.group, type: report.type }, report.durationMs / 1000);
    },
    onPublished(agesMs: number[]) {
      for (const age of agesMs) publishLatency.observe(age / 1000);
    },
    timerFired: () => timersFired.inc(),
    refillRan: () => refillRuns.inc(),
    /** Nothing to open: the pool connects on the first scrape. */
    start: () => Promise.resolve(),
    stop: () => pool.end(),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
