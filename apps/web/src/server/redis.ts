// The process's general Redis connection, for API procedures that read Redis directly (the dev
// tools' stream stats). Next's route bundle and server.ts are separate module instances, so it
// lives on globalThis; it connects on first use, so processes that never need it hold no socket.
import { Redis } from 'ioredis';

import { getEnv } from '../env';

const globalForRedis = globalThis as typeof globalThis & { tiffinRedis?: Redis };

export function getRedis(): Redis {
  if (!globalForRedis.tiffinRedis) {
    // One retry, then the call fails: a page showing "Redis is down" beats one that hangs.
    const redis = new Redis(getEnv().REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    // Errors surface on the commands that fail; reconnecting is ioredis' job.
    redis.on('error', () => undefined);
    globalForRedis.tiffinRedis = redis;
  }
  return globalForRedis.tiffinRedis;
}
