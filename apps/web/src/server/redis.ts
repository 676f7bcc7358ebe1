// The process's general Redis connection, shared by Next's route bundle and server.ts.
import type { RedisClient } from '@tiffin/events';
import { createRedisClient } from '@tiffin/events';

import { getEnv } from '../env';
import { processSingleton } from './process-singleton';

const general = processSingleton('redis', () => {
  // Lazy, so processes that never need it hold no socket; one retry, so a page fails, not hangs.
  const env = getEnv();
  const redis = createRedisClient(
    { url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES },
    { lazyConnect: true, maxRetriesPerRequest: 1 },
  );
  // Errors surface on the commands that fail; reconnecting is ioredis' job.
  redis.on('error', () => undefined);
  return redis;
});

export function getRedis(): RedisClient {
  return general.get();
}

/** On shutdown: QUIT lets replies in flight arrive; a Redis that does not answer is cut. */
export async function closeRedis(): Promise<void> {
  const redis = general.clear();
  if (!redis) return;
  if (redis.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000)));
    await Promise.race([redis.quit().catch(() => undefined), bound]);
    clearTimeout(timer);
  }
  redis.disconnect();
}
