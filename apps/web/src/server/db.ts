// One Prisma client per process. Next's route bundle and server.ts load this module as separate
// instances, so the client lives on globalThis rather than in a module variable.
import type { Db } from '@tiffin/db';
import { createDb } from '@tiffin/db';

import { getEnv } from '../env';

const globalForDb = globalThis as typeof globalThis & { tiffinDb?: Db };

/** The shared client, created on first use so importing this module needs no database. */
export function getDb(): Db {
  const env = getEnv();
  globalForDb.tiffinDb ??= createDb(env.DATABASE_URL, { max: env.DATABASE_POOL_SIZE });
  return globalForDb.tiffinDb;
}

/** Closes the pool on shutdown; a no-op when no request ever needed the database. */
export async function disconnectDb(): Promise<void> {
  const db = globalForDb.tiffinDb;
  globalForDb.tiffinDb = undefined;
  await db?.$disconnect();
}
