// `@tiffin/db/migrations`: the offline migration applier and the schema differ behind
// `npm run db:migration:new`, for the stack scripts and tests.
export { applyMigrations, readMigrations } from './apply-migrations';
export type { Migration } from './apply-migrations';
export { pendingMigrationNames } from './migration-status';
export { migrationsDir, repoRoot, schemaPath } from './paths';
export { diffSchemas, isEmptyMigration } from './schema-diff';
