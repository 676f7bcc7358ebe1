// The whole stack in one readable place: services, database preparation, build, and the
// web + worker processes. `npm start`, `npm test` and the benchmarks all go through here.
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { applyMigrations } from '@tiffin/db/migrations';

import type { RunningService } from './services';
import { createDatabase, freePort, provisionPostgres, provisionRedis, repoRoot } from './services';

/** Where `npm start` keeps PostgreSQL, Redis and the dev secret; TIFFIN_DATA_DIR overrides (tests). */
export const dataDir = process.env.TIFFIN_DATA_DIR ?? path.join(repoRoot, '.data');

export interface Services {
  /** Superuser URL of the server (embedded) or the given DATABASE_URL (external). */
  postgres: RunningService;
  redis: RunningService;
  stop(): Promise<void>;
}

export async function startServices(mode: 'persistent' | 'ephemeral'): Promise<Services> {
  const ephemeral = mode === 'ephemeral';
  // Throwaway clusters live in the OS temp dir, which the postgres user can always reach.
  const pgDir = ephemeral
    ? path.join(os.tmpdir(), `tiffin-postgres-${process.pid}-${Date.now()}`)
    : path.join(dataDir, 'postgres');
  const [pgResult, redisResult] = await Promise.allSettled([
    provisionPostgres({ dataDir: pgDir, ephemeral }),
    provisionRedis({ dataDir: ephemeral ? undefined : path.join(dataDir, 'redis') }),
  ]);
  if (pgResult.status === 'rejected' || redisResult.status === 'rejected') {
    // Never leave the one that did start running.
    if (pgResult.status === 'fulfilled') await pgResult.value.stop();
    if (redisResult.status === 'fulfilled') await redisResult.value.stop();
    throw pgResult.status === 'rejected'
      ? pgResult.reason
      : (redisResult as PromiseRejectedResult).reason;
  }
  const postgres = pgResult.value;
  const redis = redisResult.value;
  return {
    postgres,
    redis,
    async stop() {
      await Promise.all([postgres.stop(), redis.stop()]);
    },
  };
}

/**
 * A migrated (and optionally seeded) database. On an embedded server it gets its own database
 * `name`; an external DATABASE_URL is used as it is.
 */
export async function prepareDatabase(
  services: Services,
  name: string,
  opts: { recreate?: boolean; seed?: boolean } = {},
): Promise<string> {
  const url = services.postgres.owned
    ? await createDatabase(services.postgres.url, name, { recreate: opts.recreate })
    : services.postgres.url;
  const result = await applyMigrations(url);
  if (result.applied.length > 0) log(`applied ${result.applied.length} migration(s)`);
  if (opts.seed) await runScript(['run', 'db:seed'], { DATABASE_URL: url });
  return url;
}

export function log(line: string) {
  console.log(`[stack] ${line}`);
}

/** Runs an npm command to completion, failing loudly. */
export async function runScript(args: string[], env: Record<string, string> = {}): Promise<void> {
  const child = spawn('npm', args, {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`npm ${args.join(' ')} failed with exit code ${code}`);
}

/** A dev-only NEXTAUTH_SECRET, generated once per checkout and kept in the gitignored .data/. */
export function devAuthSecret(): string {
  const file = path.join(dataDir, 'nextauth-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

const webBuildId = path.join(repoRoot, 'apps', 'web', '.next', 'BUILD_ID');
const buildInputs = [
  'apps/web',
  'packages/api',
  'packages/db',
  'packages/domain',
  'packages/events',
].map((d) => path.join(repoRoot, d));

/** Newest modification time under `dir`, skipping build output and dependencies. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (
      ['node_modules', '.next', '.turbo', 'test-results', 'playwright-report'].includes(entry.name)
    ) {
      continue;
    }
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when the production build is older than any source it was built from. */
export function webBuildIsStale(): boolean {
  if (!fs.existsSync(webBuildId)) return true;
  const built = fs.statSync(webBuildId).mtimeMs;
  return buildInputs.some((dir) => newestMtime(dir) > built);
}

export function buildWeb(opts: { ifStale?: boolean } = {}): void {
  if (opts.ifStale && !webBuildIsStale()) {
    log('web build is up to date');
    return;
  }
  // The site's links come from @tiffin/client, which the web build reads from its dist.
  if (!fs.existsSync(path.join(repoRoot, 'packages', 'client', 'dist', 'index.js'))) {
    log('building @tiffin/client…');
    const client = spawnSync('npm', ['run', 'build', '-w', '@tiffin/client'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (client.status !== 0) throw new Error('@tiffin/client build failed');
  }
  log('building the web app (next build)…');
  const result = spawnSync('npm', ['run', 'build', '-w', '@tiffin/web'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

export interface AppEnv {
  databaseUrl: string;
  redisUrl: string;
  authSecret: string;
  port: number;
  extra?: Record<string, string>;
}

export interface RunningApp {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function prefixLines(
  stream: NodeJS.ReadableStream | null,
  prefix: string,
  sink?: (l: string) => void,
) {
  let buffered = '';
  stream?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines)
      (sink ?? ((l: string) => process.stdout.write(`${prefix} ${l}\n`)))(line);
  });
}

/** Starts a long-running process in its own process group, so stopping it stops its children. */
export function startProcess(
  name: string,
  cwd: string,
  args: string[],
  env: Record<string, string>,
  opts: { sink?: (line: string) => void } = {},
): RunningApp {
  const child = spawn(process.execPath, args, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const prefix = `[${name}]`;
  prefixLines(child.stdout, prefix, opts.sink);
  prefixLines(child.stderr, prefix, opts.sink);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  return {
    name,
    child,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (done || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        return;
      }
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000));
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        await exited;
      }
    },
  };
}

// `node --import tsx` (not the tsx CLI): one process, so signals and exit codes are the app's own.
const tsxLoader = ['--import', 'tsx'];

/** The sandbox's webhook secret of every stack started here (tests sign webhooks with it). */
export const STACK_PAYMENT_WEBHOOK_SECRET = 'stack-only-sandbox-webhook-secret-0123456789';

/**
 * Abuse limits lifted for whole-server tests on the suite's shared Redis: every file signs in from
 * 127.0.0.1 as the same demo users, so per-address and per-account counters add up across files.
 * The limits themselves are tested on their own, with their own values.
 */
export const SHARED_REDIS_TEST_LIMITS: Readonly<Record<string, string>> = {
  AUTH_REQUESTS_PER_IP_PER_MINUTE: '100000',
  SIGNUPS_PER_IP_PER_HOUR: '100000',
  SIGNIN_FAILURES_PER_ACCOUNT: '100000',
  ORDERS_PER_USER_PER_MINUTE: '100000',
};

function appEnv(env: AppEnv): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    NEXTAUTH_SECRET: env.authSecret,
    NEXTAUTH_URL: `http://localhost:${env.port}`,
    PORT: String(env.port),
    NEXT_TELEMETRY_DISABLED: '1',
    // Any free port for the worker's health endpoints, so several workers can run side by side.
    WORKER_HTTP_PORT: '0',
    // The worker delivers the sandbox provider's signed webhooks to this web app.
    PAYMENT_WEBHOOK_URL: `http://localhost:${env.port}/api/payments/webhook`,
    PAYMENT_WEBHOOK_SECRET: STACK_PAYMENT_WEBHOOK_SECRET,
    ...env.extra,
  };
}

export function startWeb(
  env: AppEnv,
  opts: { sink?: (line: string) => void; nodeArgs?: string[] } = {},
): RunningApp {
  const args = [...(opts.nodeArgs ?? []), ...tsxLoader, 'server.ts'];
  return startProcess('web', path.join(repoRoot, 'apps', 'web'), args, appEnv(env), opts);
}

export function startWorker(env: AppEnv, opts: { sink?: (line: string) => void } = {}): RunningApp {
  return startProcess(
    'worker',
    path.join(repoRoot, 'apps', 'worker'),
    [...tsxLoader, 'src/main.ts'],
    appEnv(env),
    opts,
  );
}

/** Waits until the web app answers HTTP (any status below 500). */
export async function waitForHttp(url: string, app: RunningApp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void app.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${app.name} exited before it answered ${url}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${url}`);
}

/**
 * Polls a readiness URL until it answers 200, across restarts of the process behind it. Returns
 * false once `cancelled()` says so; throws at the timeout with the last answer.
 */
export async function waitForReady(
  url: string,
  opts: { timeoutMs?: number; cancelled?: () => boolean } = {},
): Promise<boolean> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (opts.cancelled?.()) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return true;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${url} to answer 200 (last: ${last})`);
}

/** PORT if given, else 3000, else any free port (so a busy 3000 never blocks a start). */
export async function choosePort(preferred: string | undefined): Promise<number> {
  if (preferred) return Number(preferred);
  const net = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(3000, '0.0.0.0', () => server.close(() => resolve(true)));
  });
  return free ? 3000 : freePort();
}
