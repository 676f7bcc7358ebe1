// Everything the dev tools page shows in one read, so the page makes one call per refresh.
import type { RedisClient } from '../redis-client';
import type { RecentEvent } from './recent-events';
import type { StreamStats } from './stream-stats';
import type { WorkerInfo } from './worker-presence';
import { EVENT_STREAMS } from '../contract/keys';
import { recentDeadLetters } from '../runner/dead-letters';
import { recentEvents } from './recent-events';
import { streamStats } from './stream-stats';
import { listWorkers } from './worker-presence';

export interface StreamOverview extends StreamStats {
  /** A short name for people and test ids: `orders` for the orders stream. */
  label: string;
  /** Newest first. */
  recent: RecentEvent[];
}

/** A dead letter without its envelope blob: what failed, where, and why. */
export interface DeadLetterSummary {
  id: string;
  type: string;
  originalStream: string;
  group: string;
  error: string;
  attempts: number;
  failedAt: string;
}

export interface EventFlowOverview {
  streams: StreamOverview[];
  deadLetters: { stream: string | null; size: number; recent: DeadLetterSummary[] };
  workers: WorkerInfo[];
}

export interface EventFlowOverviewOptions {
  streams?: readonly string[];
  deadLetterStream?: string;
  workersKey?: string;
  /** Events per stream (default 15). */
  recentCount?: number;
  /** Newest dead letters (default 5). */
  deadLetterCount?: number;
}

function labelOf(stream: string): string {
  return (EVENT_STREAMS as readonly string[]).includes(stream)
    ? stream
    : (stream.split(':').at(-1) ?? stream);
}

export async function eventFlowOverview(
  redis: RedisClient,
  opts: EventFlowOverviewOptions = {},
): Promise<EventFlowOverview> {
  const streams = opts.streams ?? EVENT_STREAMS;
  const deadLetterStream = opts.deadLetterStream;
  const [report, recent, letters, workers] = await Promise.all([
    streamStats(redis, streams, { deadLetterStream }),
    Promise.all(streams.map((stream) => recentEvents(redis, stream, opts.recentCount ?? 15))),
    recentDeadLetters(redis, {
      ...(deadLetterStream ? { stream: deadLetterStream } : {}),
      count: opts.deadLetterCount ?? 5,
    }),
    listWorkers(redis, opts.workersKey ? { key: opts.workersKey } : {}),
  ]);
  return {
    streams: report.streams.map((stats, i) => ({
      ...stats,
      label: labelOf(stats.stream),
      recent: recent[i] ?? [],
    })),
    deadLetters: {
      stream: report.deadLetterStream,
      size: report.deadLetters,
      recent: letters.map(({ id, type, originalStream, group, error, attempts, failedAt }) => ({
        id,
        type,
        originalStream,
        group,
        error,
        attempts,
        failedAt,
      })),
    },
    workers,
  };
}
