// Whether every committed migration is applied, for readiness checks: a process must not take
// traffic against a schema older than its code.
import type { Db } from '../client';
import type { Migration } from './apply-migrations';
import { readMigrations } from './apply-migrations';

let committed: Migration[] | undefined;

export async function pendingMigrationNames(db: Db): Promise<string[]> {
  committed ??= readMigrations();
  const applied = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations"
    WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const done = new Set(applied.map((row) => row.migration_name));
  return committed.filter((m) => !done.has(m.name)).map((m) => m.name);
}
