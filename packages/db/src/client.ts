// The Prisma client factory: Prisma 7's TypeScript client over node-postgres (adapter-pg).
import { PrismaPg } from '@prisma/adapter-pg';

import { PrismaClient } from './generated/prisma/client';

export interface DbOptions {
  /** Pool size; defaults to node-postgres' 10. */
  max?: number;
}

export function createDb(databaseUrl: string, opts: DbOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: opts.max ?? 10 });
  return new PrismaClient({ adapter });
}

export type Db = PrismaClient;

/**
 * What domain functions take: the client inside an interactive transaction, so several of
 * them compose in one transaction (the cal.com `PrismaTransaction` pattern).
 */
export type PrismaTransaction = Omit<
  PrismaClient,
  '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'
>;
