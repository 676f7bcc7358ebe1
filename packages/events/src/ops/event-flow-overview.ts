// Everything the dev tools page shows in one read, so the page makes one call per refresh.
import type { Redis } from 'ioredis';

import type { RecentEvent } from './recent-events';
import type { StreamStats } from './stream-stats';
import type { WorkerInfo } from './worker-presence';
import { EVENT_STREAMS, STREAMS } from '../contract/keys';
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
  deadLetters: { stream: string; size: number; recent: DeadLetterSummary[] };
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

const LABELS = new Map<string, string>(Object.entries(STREAMS).map(([label, s]) => [s, label]));

function labelOf(stream: string): string {
  return LABELS.get(stream) ?? stream.split(':').at(-1) ?? stream;
}

export async function eventFlowOverview(
  redis: Redis,
  opts: EventFlowOverviewOptions = {},
): Promise<EventFlowOverview> {
  const streams = opts.streams ?? EVENT_STREAMS;
  const deadLetterStream = opts.deadLetterStream ?? STREAMS.deadLetters;
  const [report, recent, letters, workers] = await Promise.all([
    streamStats(redis, streams, { deadLetterStream }),
    Promise.all(streams.map((stream) => recentEvents(redis, stream, opts.recentCount ?? 15))),
    recentDeadLetters(redis, { stream: deadLetterStream, count: opts.deadLetterCount ?? 5 }),
    listWorkers(redis, opts.workersKey ? { key: opts.workersKey } : {}),
  ]);
  return {
    streams: report.streams.map((stats, i) => ({
      ...stats,
      label: labelOf(stats.stream),
      recent: recent[i] ?? [],
    })),
    deadLetters: {
      stream: deadLetterStream,
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
