import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

import {
  applyMigrations,
  MigrationError,
  pendingMigrations,
  readMigrations,
} from './apply-migrations';
import { schemaCreateSql } from './schema-diff';

import '@tiffin/stack/testing';

const adminUrl = inject('pgAdminUrl');
const created: string[] = [];

async function emptyDatabase(label: string): Promise<string> {
  const name = `mig_${label}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  created.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Everything about the public schema that Prisma models, in a comparable form. */
async function describeSchema(url: string) {
  const columns = await query(
    url,
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
            character_maximum_length, numeric_precision, datetime_precision
     FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
     ORDER BY table_name, column_name`,
  );
  const indexes = await query(
    url,
    `SELECT tablename, indexname, indexdef FROM pg_indexes
     WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`,
  );
  const constraints = await query(
    url,
    `SELECT conrelid::regclass::text AS table, conname, contype, pg_get_constraintdef(oid) AS def
     FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace AND contype <> 'c'
       AND conrelid::regclass::text <> '_prisma_migrations'
     ORDER BY conname`,
  );
  const enums = await query(
    url,
    `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
  );
  return { columns, indexes, constraints, enums };
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe('migrations', () => {
  it('the migrated database matches schema.prisma exactly (no drift)', async () => {
    const migrated = await emptyDatabase('migrated');
    await applyMigrations(migrated);
    const reference = await emptyDatabase('reference');
    const sql = await schemaCreateSql(reference);
    await query(reference, sql);

    const [actual, expected] = await Promise.all([
      describeSchema(migrated),
      describeSchema(reference),
    ]);
    expect(actual.columns.length).toBeGreaterThan(40);
    expect(actual).toEqual(expected);
  });

  it('adds the CHECK constraints Prisma cannot express, stock >= 0 among them', async () => {
    const url = await emptyDatabase('checks');
    await applyMigrations(url);
    const checks = await query<{ conname: string; def: string }>(
      url,
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE contype = 'c' AND connamespace = 'public'::regnamespace ORDER BY conname`,
    );
    expect(checks).toContainEqual({
      conname: 'MenuItem_stock_non_negative',
      def: 'CHECK ((stock >= 0))',
    });
  });

  it('records migrations the way Prisma does and is idempotent', async () => {
    const url = await emptyDatabase('records');
    const first = await applyMigrations(url);
    const migrations = readMigrations();
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    const second = await applyMigrations(url);
    expect(second).toEqual({ applied: [], alreadyApplied: migrations.map((m) => m.name) });

    const rows = await query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
    }>(
      url,
      `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      migrations.map((m) => ({
        migration_name: m.name,
        checksum: m.checksum,
        applied_steps_count: 1,
      })),
    );
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    expect(await pendingMigrations(client)).toEqual([]);
    await client.end();
  });

  it('concurrent appliers apply each migration once', async () => {
    const url = await emptyDatabase('concurrent');
    const results = await Promise.all([
      applyMigrations(url),
      applyMigrations(url),
      applyMigrations(url),
    ]);
    const appliedCount = results.reduce((n, r) => n + r.applied.length, 0);
    expect(appliedCount).toBe(readMigrations().length);
    const rows = await query(url, `SELECT 1 FROM "_prisma_migrations"`);
    expect(rows).toHaveLength(readMigrations().length);
  });

  it('refuses an applied migration that was edited, and records a failing one without applying it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-migrations-'));
    const write = (name: string, sql: string) => {
      fs.mkdirSync(path.join(dir, name), { recursive: true });
      fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
    };
    write('20260101000000_one', 'CREATE TABLE one (id int);');
    const url = await emptyDatabase('edits');
    await applyMigrations(url, { dir });

    write('20260101000000_one', 'CREATE TABLE one (id bigint);');
    await expect(applyMigrations(url, { dir })).rejects.toThrow(/edited after it was applied/);

    write('20260101000000_one', 'CREATE TABLE one (id int);');
    write('20260102000000_two', 'CREATE TABLE two (id int); SELECT no_such_function();');
    await expect(applyMigrations(url, { dir })).rejects.toBeInstanceOf(MigrationError);
    const two = await query(url, `SELECT to_regclass('two')::text AS t`);
    expect(two).toEqual([{ t: null }]);
    const failed = await query<{ logs: string; finished_at: Date | null }>(
      url,
      `SELECT logs, finished_at FROM "_prisma_migrations" WHERE migration_name = '20260102000000_two'`,
    );
    expect(failed).toEqual([
      { logs: expect.stringMatching(/no_such_function/), finished_at: null },
    ]);
    await expect(applyMigrations(url, { dir })).rejects.toThrow(/failed earlier/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
