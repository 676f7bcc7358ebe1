// Readiness checks shared by web and worker: each dependency is checked with a timeout, and the
// report names what failed, so an operator (or a load balancer's log) sees why at a glance.
import type { Db } from '../client';
import { pendingMigrationNames } from '../migrations/migration-status';

export type Check = () => Promise<void>;

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  /** The names of the failing checks, e.g. ["postgres"]. */
  failing: string[];
  checks: Record<string, CheckResult>;
}

function withTimeout(check: Check, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    check().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export async function runReadinessChecks(
  checks: Record<string, Check>,
  timeoutMs = 2_000,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const started = performance.now();
      try {
        await withTimeout(check, timeoutMs);
        return [name, { ok: true, ms: Math.round(performance.now() - started) }];
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [name, { ok: false, ms: Math.round(performance.now() - started), error: message }];
      }
    }),
  );
  const failing = entries.filter(([, result]) => !result.ok).map(([name]) => name);
  return {
    status: failing.length === 0 ? 'ready' : 'not_ready',
    failing,
    checks: Object.fromEntries(entries),
  };
}

/** PostgreSQL answers, and every committed migration is applied. */
export function databaseChecks(db: Db): Record<'postgres' | 'migrations', Check> {
  return {
    postgres: async () => {
      await db.$queryRaw`SELECT 1`;
    },
    migrations: async () => {
      const pending = await pendingMigrationNames(db);
      if (pending.length > 0) throw new Error(`pending migrations: ${pending.join(', ')}`);
    },
  };
}
