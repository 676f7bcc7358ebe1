// Test isolation: each test file gets its own database, cloned from the migrated and seeded
// template that the vitest global setup builds.
import { randomBytes } from 'node:crypto';

import pg from 'pg';

import './provided-context';

import type { Db } from '@tiffin/db';
import { createDb } from '@tiffin/db';

export const TEMPLATE_DATABASE = 'tiffin_test_template';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  db: Db;
  /** A raw pg pool on the same database, for assertions that bypass Prisma. */
  pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(adminUrl: string, opts: { poolSize?: number } = {}) {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { max: opts.poolSize ?? 10 });
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    url,
    name,
    db,
    pool,
    async drop() {
      await db.$disconnect();
      await pool.end();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  } satisfies TestDatabase;
}
