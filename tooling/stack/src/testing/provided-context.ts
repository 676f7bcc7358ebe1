// What the vitest global setup hands every test file through `inject()`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server. */
    pgAdminUrl: string;
    redisUrl: string;
    /**
     * `host:port` seeds of the Redis Cluster the cluster run (vitest.cluster.config.ts) tests on;
     * absent in the normal run, where every file uses the single node at `redisUrl`.
     */
    redisClusterNodes?: string[];
  }
}
