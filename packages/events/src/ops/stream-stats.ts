// A snapshot of the event streams for operators: length, and per consumer group its consumers,
// pending (delivered, not acked) and lag (not yet delivered), plus the dead-letter count.
import type { Redis } from 'ioredis';

import { EVENT_STREAMS, STREAMS } from '../contract/keys';
import { parseRecordList } from '../runner/redis-replies';

export interface GroupStats {
  name: string;
  consumers: number;
  pending: number;
  /** Entries not yet delivered to the group; null when Redis cannot tell (after XDEL in the range). */
  lag: number | null;
  lastDeliveredId: string;
}

export interface StreamStats {
  stream: string;
  length: number;
  groups: GroupStats[];
}

export interface StreamsReport {
  streams: StreamStats[];
  deadLetterStream: string;
  deadLetters: number;
}

function toGroupStats(info: Record<string, unknown>): GroupStats {
  const int = (key: string) => (typeof info[key] === 'number' ? info[key] : 0);
  return {
    name: String(info.name),
    consumers: int('consumers'),
    pending: int('pending'),
    lag: typeof info.lag === 'number' ? info.lag : null,
    lastDeliveredId: String(info['last-delivered-id']),
  };
}

async function groupsOf(redis: Redis, stream: string): Promise<GroupStats[]> {
  try {
    return parseRecordList('XINFO GROUPS', await redis.xinfo('GROUPS', stream)).map(toGroupStats);
  } catch (err) {
    // A stream nobody has written to yet has no key, hence no groups.
    if (err instanceof Error && /no such key/i.test(err.message)) return [];
    throw err;
  }
}

export async function streamStats(
  redis: Redis,
  streams: readonly string[] = EVENT_STREAMS,
  opts: { deadLetterStream?: string } = {},
): Promise<StreamsReport> {
  const deadLetterStream = opts.deadLetterStream ?? STREAMS.deadLetters;
  const stats = await Promise.all(
    streams.map(async (stream) => ({
      stream,
      length: await redis.xlen(stream),
      groups: await groupsOf(redis, stream),
    })),
  );
  return { streams: stats, deadLetterStream, deadLetters: await redis.xlen(deadLetterStream) };
}
