// What the vitest global setup hands every test file through `inject()`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server. */
    pgAdminUrl: string;
    redisUrl: string;
  }
}
