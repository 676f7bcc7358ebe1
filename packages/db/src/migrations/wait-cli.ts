// `npm run db:wait`: exits 0 once every committed migration is applied to DATABASE_URL. The
// Kubernetes init containers of web and worker run it while the migration Job does its work.
import { waitForMigrations } from './wait-for-migrations';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:wait needs DATABASE_URL.');
  process.exit(1);
}
await waitForMigrations(url, { log: (line) => console.log(`[wait-for-migrations] ${line}`) });
