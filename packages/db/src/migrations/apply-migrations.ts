// Applies the committed SQL migrations in prisma/migrations, offline, and records them in
// `_prisma_migrations` exactly as Prisma Migrate does, so `prisma migrate status` agrees on
// a machine that has the native engine. Concurrent appliers serialise on Prisma's advisory lock.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import pg from 'pg';

import { migrationsDir as defaultMigrationsDir } from './paths';

/** The same lock key Prisma Migrate takes, so our applier and Prisma's never interleave. */
const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  /** sha256 of migration.sql, hex: the checksum Prisma stores. */
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Reads `<timestamp>_<name>/migration.sql` folders in name order, as Prisma does. */
export function readMigrations(dir = defaultMigrationsDir): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function appliedRows(client: pg.ClientBase): Promise<Map<string, AppliedRow>> {
  const exists = await client.query<{ t: string | null }>(
    `SELECT to_regclass('"_prisma_migrations"')::text AS t`,
  );
  if (!exists.rows[0]?.t) return new Map();
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"
     WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  return new Map(rows.map((row) => [row.migration_name, row]));
}

/** Names of committed migrations not yet applied to the database (for readiness checks). */
export async function pendingMigrations(
  client: pg.ClientBase,
  dir = defaultMigrationsDir,
): Promise<string[]> {
  const applied = await appliedRows(client);
  return readMigrations(dir)
    .filter((m) => !applied.get(m.name)?.finished_at)
    .map((m) => m.name);
}

export interface ApplyResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies every pending migration, each in its own transaction. Refuses to run when an
 * applied migration was edited or an earlier attempt failed, as `prisma migrate deploy` does.
 */
export async function applyMigrations(
  databaseUrl: string,
  opts: { dir?: string; log?: (line: string) => void } = {},
): Promise<ApplyResult> {
  const log = opts.log ?? (() => undefined);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result: ApplyResult = { applied: [], alreadyApplied: [] };
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const applied = await appliedRows(client);
    for (const migration of readMigrations(opts.dir)) {
      const row = applied.get(migration.name);
      if (row?.finished_at) {
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was edited after it was applied (checksum differs). ` +
              'Add a new migration instead of changing an applied one.',
          );
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      if (row) {
        throw new MigrationError(
          `Migration ${migration.name} failed earlier and is recorded as unfinished. ` +
            'Fix the database by hand, then delete its row from "_prisma_migrations".',
        );
      }
      await applyOne(client, migration);
      log(`applied ${migration.name}`);
      result.applied.push(migration.name);
    }
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK])
      .catch(() => undefined);
    await client.end();
  }
  return result;
}

async function applyOne(client: pg.ClientBase, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, migration.checksum, migration.name],
  );
  try {
    await client.query('BEGIN');
    await client.query(migration.sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    // Prisma keeps the failed row with its logs; a re-run then refuses until someone looks.
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [
      id,
      String(error instanceof Error ? error.message : error),
    ]);
    throw new MigrationError(
      `Migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  await client.query(
    `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
    [id],
  );
}
