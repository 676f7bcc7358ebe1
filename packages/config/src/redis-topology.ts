// How Tiffin reaches Redis: one node (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES), and
// how many partitions each event stream has (STREAM_PARTITIONS). Shared by web, worker and tools.
import { z } from 'zod';

export const DEFAULT_STREAM_PARTITIONS = 8;

/** STREAM_PARTITIONS: fixed per deployment; changing it is a planned migration (docs/architecture.md). */
export const streamPartitionsSchema = z.coerce
  .number()
  .int()
  .min(1, 'must be at least 1')
  .max(1024, 'must be at most 1024')
  .default(DEFAULT_STREAM_PARTITIONS);

/** REDIS_CLUSTER_NODES: comma-separated `host:port` seeds; when set, Redis Cluster is used. */
export const redisClusterNodesSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return undefined;
    const seeds = value
      .split(',')
      .map((seed) => seed.trim())
      .filter(Boolean);
    for (const seed of seeds) {
      if (!/^[^\s:]+:\d{1,5}$/.test(seed)) {
        ctx.addIssue({ code: 'custom', message: `"${seed}" is not host:port` });
        return z.NEVER;
      }
    }
    return seeds;
  });

/** Reads STREAM_PARTITIONS from an environment; throws a message naming the variable. */
export function streamPartitionsFromEnv(env: Record<string, string | undefined>): number {
  const raw = env.STREAM_PARTITIONS;
  const parsed = streamPartitionsSchema.safeParse(raw === '' ? undefined : raw);
  if (!parsed.success) {
    throw new Error(`STREAM_PARTITIONS ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}
