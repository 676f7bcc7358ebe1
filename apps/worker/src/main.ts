// The worker process: connects to PostgreSQL and Redis, reports ready, and shuts down cleanly
// on SIGTERM/SIGINT. The outbox relay and stream consumers attach here (next issue).
import { Redis } from 'ioredis';

import { createDb } from '@tiffin/db';

import { InvalidEnvError, loadEnv } from './env';
import { createLogger } from './logger';

let env;
try {
  env = loadEnv();
} catch (error) {
  if (error instanceof InvalidEnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const log = createLogger(env.LOG_LEVEL, { service: 'worker', pid: process.pid });
const db = createDb(env.DATABASE_URL);
const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 3 });

async function start() {
  await db.$queryRaw`SELECT 1`;
  await redis.connect();
  await redis.ping();
  log.info('worker ready', { postgres: 'connected', redis: 'connected' });
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info('worker stopping', { signal });
  await Promise.allSettled([db.$disconnect(), redis.quit()]);
  log.info('worker stopped');
  process.exit(0);
}

process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

start().catch((error: unknown) => {
  log.error('worker failed to start', {
    error: error instanceof Error ? error.message : String(error),
  });
  process.exit(1);
});
