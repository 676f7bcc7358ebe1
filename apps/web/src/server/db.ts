// One Prisma client per process, shared by Next's route bundle and server.ts.
import type { Db } from '@tiffin/db';
import { createDb } from '@tiffin/db';

import { getEnv } from '../env';
import { processSingleton } from './process-singleton';

const db = processSingleton('db', () => {
  const env = getEnv();
  return createDb(env.DATABASE_URL, { max: env.DATABASE_POOL_SIZE });
});

/** The shared client, created on first use so importing this module needs no database. */
export function getDb(): Db {
  return db.get();
}

/** Closes the pool on shutdown; a no-op when no request ever needed the database. */
export async function disconnectDb(): Promise<void> {
  await db.clear()?.$disconnect();
}
