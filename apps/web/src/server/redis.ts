// The process's general Redis connection, shared by Next's route bundle and server.ts.
import { Redis } from 'ioredis';

import { getEnv } from '../env';
import { processSingleton } from './process-singleton';

const general = processSingleton('redis', () => {
  // Lazy, so processes that never need it hold no socket; one retry, so a page fails, not hangs.
  const redis = new Redis(getEnv().REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  // Errors surface on the commands that fail; reconnecting is ioredis' job.
  redis.on('error', () => undefined);
  return redis;
});

export function getRedis(): Redis {
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
