// On globalThis: Next's route bundle and server.ts are separate module instances in one process.
import { Redis } from 'ioredis';

import { getEnv } from '../env';

const globalForRedis = globalThis as typeof globalThis & { tiffinRedis?: Redis };

export function getRedis(): Redis {
  if (!globalForRedis.tiffinRedis) {
    // Lazy, so processes that never need it hold no socket; one retry, so a page fails, not hangs.
    const redis = new Redis(getEnv().REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    // Errors surface on the commands that fail; reconnecting is ioredis' job.
    redis.on('error', () => undefined);
    globalForRedis.tiffinRedis = redis;
  }
  return globalForRedis.tiffinRedis;
}

/** On shutdown: QUIT lets replies in flight arrive; a Redis that does not answer is cut. */
export async function closeRedis(): Promise<void> {
  const redis = globalForRedis.tiffinRedis;
  globalForRedis.tiffinRedis = undefined;
  if (!redis) return;
  if (redis.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000)));
    await Promise.race([redis.quit().catch(() => undefined), bound]);
    clearTimeout(timer);
  }
  redis.disconnect();
}
