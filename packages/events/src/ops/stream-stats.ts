// A snapshot of the event streams for operators: length, and per consumer group its consumers,
// pending (delivered, not acked) and lag (not yet delivered), plus the dead-letter count. A
// logical stream's figures add up its partitions.
import type { RedisClient } from '../redis-client';
import { EVENT_STREAMS, streamPartitions } from '../contract/keys';
import { countDeadLetters } from '../runner/dead-letters';
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
  /** The one dead-letter stream asked for, or null for all of them (one per partition). */
  deadLetterStream: string | null;
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

async function groupsOf(redis: RedisClient, stream: string): Promise<GroupStats[]> {
  try {
    return parseRecordList('XINFO GROUPS', await redis.xinfo('GROUPS', stream)).map(toGroupStats);
  } catch (err) {
    // A stream nobody has written to yet has no key, hence no groups.
    if (err instanceof Error && /no such key/i.test(err.message)) return [];
    throw err;
  }
}

/** Adds up one group's figures over partitions (lag is unknown if any partition's is). */
function mergeGroups(perPartition: GroupStats[][]): GroupStats[] {
  const merged = new Map<string, GroupStats>();
  for (const group of perPartition.flat()) {
    const seen = merged.get(group.name);
    if (!seen) {
      merged.set(group.name, { ...group });
      continue;
    }
    seen.consumers = Math.max(seen.consumers, group.consumers);
    seen.pending += group.pending;
    seen.lag = seen.lag === null || group.lag === null ? null : seen.lag + group.lag;
    if (group.lastDeliveredId > seen.lastDeliveredId) seen.lastDeliveredId = group.lastDeliveredId;
  }
  return [...merged.values()];
}

/** Physical streams pass through; a logical one (`orders`) is read as all its partitions. */
function partitionsOf(stream: string): string[] {
  return (EVENT_STREAMS as readonly string[]).includes(stream)
    ? streamPartitions(stream)
    : [stream];
}

export async function streamStats(
  redis: RedisClient,
  streams: readonly string[] = EVENT_STREAMS,
  opts: { deadLetterStream?: string } = {},
): Promise<StreamsReport> {
  const stats = await Promise.all(
    streams.map(async (stream) => {
      const partitions = partitionsOf(stream);
      const lengths = await Promise.all(partitions.map((p) => redis.xlen(p)));
      const groups = await Promise.all(partitions.map((p) => groupsOf(redis, p)));
      return {
        stream,
        length: lengths.reduce((sum, n) => sum + n, 0),
        groups: mergeGroups(groups),
      };
    }),
  );
  const deadLetterStream = opts.deadLetterStream ?? null;
  return {
    streams: stats,
    deadLetterStream,
    deadLetters: await countDeadLetters(
      redis,
      deadLetterStream ? { stream: deadLetterStream } : {},
    ),
  };
}
