// PgBouncer (Debian's package) in transaction pooling mode in front of a PostgreSQL, for
// `npm run start:cluster`, its tests and bench:scale: web and workers connect through it, while
// migrations keep the direct URL. Prisma's pg adapter sends unnamed statements and keeps no
// session state, so it needs no `pgbouncer=true` flag here (docs/start-cluster.md).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import type { RunningService } from './services';
import {
  aptInstall,
  ensurePostgresUser,
  freePort,
  isRoot,
  onPath,
  stopGroup,
  waitFor,
} from './services';

export interface PgBouncerOptions {
  /** The PostgreSQL behind it; its user and password are the ones clients sign in with. */
  upstreamUrl: string;
  /** Server connections per database and user; PostgreSQL's max_connections bounds the sum. */
  poolSize?: number;
  port?: number;
  log?: (line: string) => void;
}

export interface RunningPgBouncer extends RunningService {
  port: number;
  /** The folder holding its generated ini, userlist, pid and log. */
  dir: string;
}

function findPgBouncer(): string {
  // Debian installs it under /usr/sbin, which a non-root PATH often lacks.
  const known = '/usr/sbin/pgbouncer';
  if (onPath('pgbouncer')) return 'pgbouncer';
  if (fs.existsSync(known)) return known;
  if (aptInstall('pgbouncer') && fs.existsSync(known)) return known;
  throw new Error(
    [
      '[stack] start:cluster needs PgBouncer and none was found. Pick one:',
      '  • install it (Debian/Ubuntu: apt-get install pgbouncer, macOS: brew install pgbouncer)',
      '  • run this as root on Debian/Ubuntu, and it is installed for you',
    ].join('\n'),
  );
}

/** A value for pgbouncer.ini / userlist.txt: double quotes doubled, as PgBouncer reads them. */
function quoted(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** The ini for one upstream; `*` routes every database name, so per-test databases work too. */
export function pgBouncerIni(opts: {
  dir: string;
  port: number;
  upstreamHost: string;
  upstreamPort: number;
  poolSize: number;
  user: string;
}): string {
  return [
    '[databases]',
    `* = host=${opts.upstreamHost} port=${opts.upstreamPort}`,
    '',
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${opts.port}`,
    // TCP only: no socket file in /var/run, which an unprivileged user cannot write.
    'unix_socket_dir =',
    `pidfile = ${path.join(opts.dir, 'pgbouncer.pid')}`,
    `logfile = ${path.join(opts.dir, 'pgbouncer.log')}`,
    `auth_file = ${path.join(opts.dir, 'userlist.txt')}`,
    'auth_type = scram-sha-256',
    // The same user reads SHOW POOLS / SHOW CLIENTS on the `pgbouncer` console (tests, debugging).
    `admin_users = ${opts.user}`,
    // A server connection goes back to the pool after each transaction: no session state.
    'pool_mode = transaction',
    `default_pool_size = ${opts.poolSize}`,
    'max_client_conn = 2000',
    'max_db_connections = 0',
    // node-postgres sends none of these today; tolerated so a driver update cannot lock it out.
    'ignore_startup_parameters = extra_float_digits',
    'log_connections = 0',
    'log_disconnections = 0',
    '',
  ].join('\n');
}

/** Starts PgBouncer in its own process group; returns its URL (same database as `upstreamUrl`). */
export async function startPgBouncer(opts: PgBouncerOptions): Promise<RunningPgBouncer> {
  const binary = findPgBouncer();
  const upstream = new URL(opts.upstreamUrl);
  const user = decodeURIComponent(upstream.username);
  const password = decodeURIComponent(upstream.password);
  const port = opts.port ?? (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-pgbouncer-'));
  fs.writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    pgBouncerIni({
      dir,
      port,
      upstreamHost: upstream.hostname,
      upstreamPort: Number(upstream.port || 5432),
      poolSize: opts.poolSize ?? 40,
      user,
    }),
  );
  // The plain password lets PgBouncer answer SCRAM from clients and do SCRAM to the server.
  fs.writeFileSync(path.join(dir, 'userlist.txt'), `${quoted(user)} ${quoted(password)}\n`, {
    mode: 0o600,
  });
  // PgBouncer refuses to run as root; under root it runs as `postgres`, like PostgreSQL.
  const ids = isRoot() ? ensurePostgresUser() : undefined;
  if (ids) {
    for (const file of ['', 'pgbouncer.ini', 'userlist.txt']) {
      fs.chownSync(path.join(dir, file), ids.uid, ids.gid);
    }
  }
  const child = spawn(binary, [path.join(dir, 'pgbouncer.ini')], {
    ...(ids ?? {}),
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
    opts.log?.(chunk.toString());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exitCode: number | null | undefined;
  child.on('exit', (code) => (exitCode = code));
  const url = new URL(opts.upstreamUrl);
  url.host = `127.0.0.1:${port}`;

  const stop = async () => {
    if (child.pid !== undefined && exitCode === undefined) await stopGroup(child.pid, 'SIGINT');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => {
      if (exitCode !== undefined) {
        const logged = fs.existsSync(path.join(dir, 'pgbouncer.log'))
          ? fs.readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8').slice(-2_000)
          : '';
        throw new Error(`[stack] pgbouncer exited early (code ${exitCode}):\n${output}${logged}`);
      }
      const client = new pg.Client({ connectionString: url.toString() });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    }, 'pgbouncer');
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: url.toString(), owned: true, port, dir, stop };
}
