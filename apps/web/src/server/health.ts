// GET /api/health/live (the process answers) and /api/health/ready (PostgreSQL, Redis and the
// migrations, each with a timeout; 503 naming what failed). Served by server.ts ahead of Next.
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { RedisClient } from '@tiffin/events';
import { databaseChecks, runReadinessChecks } from '@tiffin/db/health';
import { createRedisClient } from '@tiffin/events';

import { getEnv } from '../env';
import { getDb } from './db';
import { processSingleton } from './process-singleton';

export const HEALTH_LIVE_PATH = '/api/health/live';
export const HEALTH_READY_PATH = '/api/health/ready';

/** A connection that fails fast while Redis is down, instead of queueing the PING. */
const healthRedis = processSingleton('healthRedis', () => {
  const env = getEnv();
  const redis = createRedisClient(
    { url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES },
    {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    },
  );
  redis.on('error', () => undefined);
  return redis;
});

/**
 * Resolves once the connection is open, or rejects at its next failed attempt: the first probe
 * arrives while the lazily created connection is still connecting, and without the offline queue
 * a PING sent then fails at once although Redis is reachable.
 */
function connected(redis: RedisClient): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end') return Promise.reject(new Error('connection closed'));
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      redis.off('ready', onReady);
      redis.off('error', onError);
      redis.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => settle();
    const onError = (error: Error) => settle(error);
    const onClose = () => settle(new Error('connection closed'));
    redis.once('ready', onReady);
    redis.once('error', onError);
    redis.once('close', onClose);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

let stopping = false;

/** From SIGTERM on, readiness fails so load balancers stop sending new traffic here. */
export function markShuttingDown(): void {
  stopping = true;
}

/** Answers a health request; returns false for any other path. */
export function handleHealth(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '').split('?')[0];
  if (path === HEALTH_LIVE_PATH) {
    sendJson(res, 200, { status: 'live' });
    return true;
  }
  if (path !== HEALTH_READY_PATH) return false;
  if (stopping) {
    sendJson(res, 503, { status: 'not_ready', failing: ['shutting_down'], checks: {} });
    return true;
  }
  void runReadinessChecks({
    ...databaseChecks(getDb()),
    redis: async () => {
      const redis = healthRedis.get();
      await connected(redis);
      await redis.ping();
    },
  }).then(
    (report) => sendJson(res, report.status === 'ready' ? 200 : 503, report),
    (error: unknown) => sendJson(res, 503, { status: 'not_ready', error: String(error) }),
  );
  return true;
}

export function closeHealthRedis(): void {
  healthRedis.clear()?.disconnect();
}
