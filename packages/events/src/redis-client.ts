// The one Redis client factory for web, worker, api and tests: a single node from REDIS_URL (the
// default for `npm start` and the tests), or an ioredis Cluster from REDIS_CLUSTER_NODES seeds.
import type { ClusterOptions, RedisOptions } from 'ioredis';

import { Cluster, Redis } from 'ioredis';

/** What every module takes: one node or a cluster; both speak the same commands. */
export type RedisClient = Redis | Cluster;

export interface RedisTarget {
  /** redis:// URL of a single node; used when no cluster seeds are given. */
  url?: string;
  /** `host:port` seeds of a Redis Cluster; when given, the cluster is used. */
  clusterNodes?: readonly string[];
}

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

function seedOf(seed: string): { host: string; port: number } {
  const at = seed.lastIndexOf(':');
  return { host: seed.slice(0, at), port: Number(seed.slice(at + 1)) };
}

/**
 * Opens a client; `options` apply to every node connection. On a cluster, commands follow
 * MOVED/ASK redirects and failovers by themselves.
 */
export function createRedisClient(target: RedisTarget, options: RedisOptions = {}): RedisClient {
  if (target.clusterNodes && target.clusterNodes.length > 0) {
    const clusterOptions: ClusterOptions = {
      redisOptions: options,
      lazyConnect: options.lazyConnect,
      enableOfflineQueue: options.enableOfflineQueue,
      enableReadyCheck: true,
      // Off: auto-pipelined batches surfaced MOVED replies right after a cluster formed instead
      // of following them; commands sent back to back on a connection pipeline anyway.
      enableAutoPipelining: false,
      // A failover takes a few seconds: retry redirected and failed commands while it settles.
      maxRedirections: 32,
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 200,
      retryDelayOnTryAgain: 200,
      clusterRetryStrategy: (times) => Math.min(100 * times, 2_000),
      slotsRefreshTimeout: 2_000,
    };
    return new Cluster(target.clusterNodes.map(seedOf), clusterOptions);
  }
  if (!target.url) throw new Error('Redis needs REDIS_URL or REDIS_CLUSTER_NODES');
  return new Redis(target.url, options);
}

/** A connection of its own for blocking reads (a blocked connection serves nobody else). */
export function dedicatedConnection(client: RedisClient): RedisClient {
  return client.duplicate();
}
