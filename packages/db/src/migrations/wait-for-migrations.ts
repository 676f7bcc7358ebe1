// Waits until every committed migration is applied, for an init container: a pod of a new
// release must not start against the schema of the previous one while the migration Job runs.
import pg from 'pg';

import { pendingMigrations } from './apply-migrations';

export interface WaitOptions {
  /** Pause between two looks at `_prisma_migrations`. */
  intervalMs?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

async function pendingOn(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await pendingMigrations(client);
  } finally {
    await client.end();
  }
}

/**
 * Resolves once no committed migration is pending; an unreachable database is retried like a
 * pending migration, since the database may start after the pod. Rejects only when aborted.
 */
export async function waitForMigrations(
  databaseUrl: string,
  opts: WaitOptions = {},
): Promise<void> {
  const intervalMs = opts.intervalMs ?? 2_000;
  const log = opts.log ?? (() => undefined);
  for (;;) {
    opts.signal?.throwIfAborted();
    try {
      const pending = await pendingOn(databaseUrl);
      if (pending.length === 0) {
        log('every migration is applied');
        return;
      }
      log(`waiting for ${pending.length} migration(s): ${pending.join(', ')}`);
    } catch (error) {
      log(`database not reachable yet: ${error instanceof Error ? error.message : String(error)}`);
    }
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
  }
}
