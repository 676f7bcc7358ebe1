// Redis test fixtures: a connection to the test Redis (the single node, or the Redis Cluster in
// the cluster run), stream names no other test (or test file) shares, valid envelopes, a log
// that records, and polling.
import type { RedisOptions } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';

import { inject } from 'vitest';

import type { Envelope, LogFields, Logger, RedisClient } from '@tiffin/events';
import { createEnvelope, createRedisClient, isCluster, uniqueTestKeys } from '@tiffin/events';

import type { RunningService } from '../services';

import './provided-context';

import { startRedis } from '../services';
import { waitUntil } from './wait-until';

/** The suite's single-node Redis (also there in the cluster run, for tests of one connection). */
export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** The cluster's seeds in the cluster run (vitest.cluster.config.ts); undefined otherwise. */
export function testRedisClusterNodes(): string[] | undefined {
  return inject('redisClusterNodes');
}

/** The test Redis: the cluster in the cluster run, the single node otherwise. */
export function connectTestRedis(opts: RedisOptions = {}): RedisClient {
  return createRedisClient({ url: testRedisUrl(), clusterNodes: testRedisClusterNodes() }, opts);
}

/** Env for a spawned web or worker beside REDIS_URL: the cluster's seeds in the cluster run. */
export function testRedisEnv(): Record<string, string> {
  const seeds = testRedisClusterNodes();
  return seeds ? { REDIS_CLUSTER_NODES: seeds.join(',') } : {};
}

/** Deletes every key: on a cluster FLUSHALL reaches one node, so it runs on every master. */
export async function flushTestRedis(redis: RedisClient): Promise<void> {
  // A cluster client knows its masters only once it has read the slot map.
  if (isCluster(redis) && redis.status !== 'ready') {
    await new Promise((resolve) => redis.once('ready', resolve));
  }
  const nodes = isCluster(redis) ? redis.nodes('master') : [redis];
  await Promise.all(nodes.map((node) => node.flushall()));
}

/** A Redis a file has to itself, for tests of product-wide keys (timers, the real streams). */
export interface OwnTestRedis {
  /** REDIS_URL for spawned processes (with `env`, which adds the cluster's seeds). */
  url: string;
  env: Record<string, string>;
  connect(opts?: RedisOptions): RedisClient;
  stop(): Promise<void>;
}

/**
 * Single node: a redis-server of this file's own. Cluster run: the suite's cluster, flushed, which
 * the file has to itself: that run takes such files one at a time, after all the others.
 */
export async function startOwnTestRedis(): Promise<OwnTestRedis> {
  const seeds = testRedisClusterNodes();
  if (seeds) {
    const target = { clusterNodes: seeds };
    const admin = createRedisClient(target);
    try {
      await flushTestRedis(admin);
    } finally {
      admin.disconnect();
    }
    return {
      url: `redis://${seeds[0]}`,
      env: testRedisEnv(),
      connect: (opts = {}) => createRedisClient(target, opts),
      stop: async () => undefined,
    };
  }
  const server: RunningService = await startRedis({});
  return {
    url: server.url,
    env: {},
    connect: (opts = {}) => createRedisClient({ url: server.url }, opts),
    stop: () => server.stop(),
  };
}

/** A stream, its dead-letter stream and a group, all unique to this call. */
export function uniqueNames(label = 'orders') {
  return uniqueTestKeys(label, randomBytes(4).toString('hex'));
}

export function orderCreated(): Envelope<'order.created.v1'> {
  return createEnvelope(
    'order.created.v1',
    {
      orderId: randomUUID(),
      userId: randomUUID(),
      restaurantId: randomUUID(),
      totalCents: 1_200,
      lines: [{ menuItemId: randomUUID(), name: 'Masala dosa', quantity: 2, unitPriceCents: 600 }],
    },
    { correlationId: randomUUID(), source: 'test' },
  );
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps its lines for assertions; a child's lines carry its fields too. */
export function recordingLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (base: LogFields): Logger => {
    const at =
      (level: LogLine['level']) =>
      (msg: string, fields: LogFields = {}) =>
        void lines.push({ level, msg, fields: { ...base, ...fields } });
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return { lines, log: make({}) };
}

/** Polls every 20 ms until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  await waitUntil(what, check, timeoutMs, 20);
}

/** A promise with its resolve handle, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
