// `npm run db:migrate`: applies pending migrations to DIRECT_DATABASE_URL, else DATABASE_URL.
import { applyMigrations } from './apply-migrations';

// Direct when set: behind a transaction pooler the migration lock (a session advisory lock) fails.
const url = process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL;
if (!url) {
  console.error('db:migrate needs DATABASE_URL (npm start sets it for you).');
  process.exit(1);
}
const result = await applyMigrations(url, { log: (line) => console.log(`[migrate] ${line}`) });
console.log(
  `[migrate] ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`,
);
