// The worker's PostgreSQL and Redis connections: opened first, so a worker that cannot reach
// either fails at start, and closed last, once every other part has let go of them.
import { Redis } from 'ioredis';

import type { Db } from '@tiffin/db';
import type { Logger } from '@tiffin/events/logger';
import { createDb } from '@tiffin/db';
import { errorMessage } from '@tiffin/events/logger';

import type { WorkerEnv } from './env';
import type { Lifecycle } from './lifecycle';

export interface WorkerConnections extends Lifecycle {
  db: Db;
  /** Handlers, consumer groups, timers, refill and presence share this one. */
  redis: Redis;
  /** The relay's own: it fails fast while Redis is down, so rows simply stay unpublished. */
  relayRedis: Redis;
}

export function workerConnections(
  env: Pick<WorkerEnv, 'DATABASE_URL' | 'REDIS_URL'>,
  log: Logger,
): WorkerConnections {
  const db = createDb(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const relayRedis = new Redis(env.REDIS_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  for (const connection of [redis, relayRedis]) {
    connection.on('error', (error) =>
      log.debug('redis connection error', { error: errorMessage(error) }),
    );
  }
  return {
    db,
    redis,
    relayRedis,
    async start() {
      await db.$queryRaw`SELECT 1`;
      await Promise.all([redis.connect(), relayRedis.connect()]);
      await redis.ping();
    },
    async stop() {
      await Promise.allSettled([db.$disconnect(), redis.quit(), relayRedis.quit()]);
    },
  };
}
