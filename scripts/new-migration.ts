// `npm run db:migration:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL from the last committed schema.prisma to the working copy's. Offline, in place of
// `prisma migrate dev` (which needs a native engine). The drift test then checks the result.
// The engine asks a throwaway embedded PostgreSQL for its version; nothing is written there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  diffSchemas,
  isEmptyMigration,
  migrationsDir,
  repoRoot,
  schemaPath,
} from '@tiffin/db/migrations';
import { startEmbeddedPostgres } from '@tiffin/stack';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration:new -- <snake_case_name>');
  process.exit(1);
}
const hasMigrations = fs.readdirSync(migrationsDir).some((f) => /^\d+_/.test(f));
const committed = hasMigrations
  ? execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: repoRoot }).toString()
  : null;
const server = await startEmbeddedPostgres({
  dataDir: path.join(os.tmpdir(), `tiffin-migration-${process.pid}`),
  ephemeral: true,
});
let sql: string;
try {
  sql = await diffSchemas(server.url, committed, fs.readFileSync(schemaPath, 'utf8'));
} finally {
  await server.stop();
}
if (isEmptyMigration(sql)) {
  console.log('schema.prisma matches the last commit; nothing to write.');
} else {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
  console.log(
    `wrote ${path.relative(process.cwd(), dir)}/migration.sql: review it before committing`,
  );
}
