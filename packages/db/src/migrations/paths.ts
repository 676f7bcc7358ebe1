// Where the committed schema and migrations live, resolved from this file so every caller agrees.
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
export const schemaPath = path.join(repoRoot, 'prisma', 'schema.prisma');
export const migrationsDir = path.join(repoRoot, 'prisma', 'migrations');
