// `@tiffin/db/health`: readiness checks for server processes. A separate entry because it reads
// the migrations folder from disk, which Next's bundle for pages cannot (and need not) do.
export { databaseChecks, runReadinessChecks } from './health/readiness';
export type { Check, CheckResult, ReadinessReport } from './health/readiness';
export { pendingMigrationNames } from './migrations/migration-status';
