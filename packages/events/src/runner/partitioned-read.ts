// Reading several partition streams at once without a blocking connection per partition. On a
// single node one XREAD[GROUP] names every partition and blocks on its own connection. On a
// cluster a command may only name keys of one slot, so each partition is read without blocking
// on the shared connection (sent back to back, so one round trip per node), and an empty sweep waits
// a short, growing pause before the next: a worker holds no blocking connection at all.
import type { RedisClient } from '../redis-client';
import type { StreamEntry } from './redis-replies';
import { isCluster } from '../redis-client';
import { parseMultiReadReply } from './redis-replies';

export interface PartitionRead {
  streams: readonly string[];
  /** The id to read after, per stream, in the order of `streams` ('>' for a group's new messages). */
  ids: readonly string[];
  count: number;
  /** How long a read may wait for new entries when nothing is there. */
  blockMs: number;
  /** Reads as this group and consumer (XREADGROUP); without it, a plain XREAD. */
  group?: { name: string; consumer: string };
  signal?: AbortSignal;
}

/** The longest pause between empty sweeps on a cluster: the extra latency an idle stream sees. */
export const CLUSTER_IDLE_POLL_MAX_MS = 100;

/** One sweep; the idle pause on a cluster grows from 5 ms while nothing arrives. */
export class PartitionReader {
  private idleMs = 0;

  /**
   * @param client the shared connection (all a cluster needs)
   * @param blocking a dedicated connection for the single-node blocking read
   */
  constructor(
    private readonly client: RedisClient,
    private readonly blocking: RedisClient,
  ) {}

  async read(req: PartitionRead): Promise<{ stream: string; entries: StreamEntry[] }[]> {
    const blocks = req.ids.some((id) => id === '>' || id === '$') || req.group === undefined;
    if (!isCluster(this.client)) {
      const reply = await this.blocking.call(
        ...command(req, req.streams, req.ids, blocks ? req.blockMs : undefined),
      );
      return parseMultiReadReply(reply);
    }
    const replies = await Promise.all(
      req.streams.map((stream, i) =>
        this.client.call(...command(req, [stream], [req.ids[i] ?? '0'], undefined)),
      ),
    );
    const read = replies.flatMap(parseMultiReadReply).filter((r) => r.entries.length > 0);
    if (read.length > 0 || !blocks) {
      this.idleMs = 0;
      return read;
    }
    this.idleMs = Math.min(Math.max(this.idleMs * 2, 5), CLUSTER_IDLE_POLL_MAX_MS, req.blockMs);
    await pause(this.idleMs, req.signal);
    return [];
  }
}

function command(
  req: PartitionRead,
  streams: readonly string[],
  ids: readonly string[],
  blockMs: number | undefined,
): [string, ...(string | number)[]] {
  const head: [string, ...(string | number)[]] = req.group
    ? ['XREADGROUP', 'GROUP', req.group.name, req.group.consumer]
    : ['XREAD'];
  return [
    ...head,
    'COUNT',
    req.count,
    ...(blockMs !== undefined ? ['BLOCK', blockMs] : []),
    'STREAMS',
    ...streams,
    ...ids,
  ];
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
