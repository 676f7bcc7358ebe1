// `npm run db:seed`: loads the demo restaurants, menus and logins into DATABASE_URL.
import { createDb } from '../client';
import { seed } from './seed';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:seed needs DATABASE_URL (npm start sets it for you).');
  process.exit(1);
}

const db = createDb(url);
try {
  const result = await seed(db, { log: (line) => console.log(`[seed] ${line}`) });
  console.log(
    `[seed] ${result.restaurants} restaurants, ${result.menuItems} menu items, ${result.users} users`,
  );
} catch (error) {
  console.error('[seed] failed:', error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
