// What the root vitest global setup hands every test file through `inject()`. A copy of
// @tiffin/db's declaration, because events must not depend on db.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server. */
    pgAdminUrl: string;
    redisUrl: string;
  }
}
