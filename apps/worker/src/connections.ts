// The worker's PostgreSQL and Redis connections: opened first, so a worker that cannot reach
// either fails at start, and closed last, once every other part has let go of them.
import type { Db } from '@tiffin/db';
import type { RedisClient } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import { createDb } from '@tiffin/db';
import { createRedisClient } from '@tiffin/events';
import { errorMessage } from '@tiffin/events/logger';

import type { WorkerEnv } from './env';
import type { Lifecycle } from './lifecycle';

export interface WorkerConnections extends Lifecycle {
  db: Db;
  /** Handlers, consumer groups, timers, refill and presence share this one. */
  redis: RedisClient;
  /** The relay's own: it fails fast while Redis is down, so rows simply stay unpublished. */
  relayRedis: RedisClient;
}

export function workerConnections(
  env: Pick<WorkerEnv, 'DATABASE_URL' | 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>,
  log: Logger,
): WorkerConnections {
  const db = createDb(env.DATABASE_URL);
  const target = { url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES };
  const redis = createRedisClient(target, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const relayRedis = createRedisClient(target, {
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
