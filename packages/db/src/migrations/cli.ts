// `npm run db:migrate`: applies pending migrations to DATABASE_URL.
import { applyMigrations } from './apply-migrations';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:migrate needs DATABASE_URL (npm start sets it for you).');
  process.exit(1);
}
const result = await applyMigrations(url, { log: (line) => console.log(`[migrate] ${line}`) });
console.log(
  `[migrate] ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`,
);
