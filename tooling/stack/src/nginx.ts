// nginx (Debian's package) as the load balancer in front of several web processes, for
// `npm run start:cluster`, its tests and bench:scale. Round robin with no sticky sessions: the
// web keeps no state of its own. Config, pid, logs and temp files live in one temp folder (its
// prefix), so it needs no system paths; under root its workers drop to `nobody`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import type { RunningService } from './services';
import { aptInstall, freePort, isRoot, onPath, stopGroup, waitFor } from './services';

export interface NginxOptions {
  /** The web processes, as `host:port`. */
  upstreams: string[];
  port?: number;
  log?: (line: string) => void;
}

export interface RunningNginx extends RunningService {
  port: number;
  /** The folder holding its config, pid, logs and temp files. */
  dir: string;
}

function findNginx(): string {
  // Debian installs it under /usr/sbin, which a non-root PATH often lacks.
  const known = '/usr/sbin/nginx';
  if (onPath('nginx')) return 'nginx';
  if (fs.existsSync(known)) return known;
  if (aptInstall('nginx') && fs.existsSync(known)) return known;
  throw new Error(
    [
      '[stack] start:cluster needs nginx and none was found. Pick one:',
      '  • install it (Debian/Ubuntu: apt-get install nginx, macOS: brew install nginx)',
      '  • run this as root on Debian/Ubuntu, and it is installed for you',
    ].join('\n'),
  );
}

/** What every proxied request carries: the original host, and who asked, for TRUST_PROXY=1. */
const forwardedHeaders = [
  'proxy_set_header Host $http_host;',
  // Appends the client's address to what it sent: the web trusts the last entry only.
  'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
  'proxy_set_header X-Forwarded-Proto $scheme;',
  'proxy_set_header X-Forwarded-Host $http_host;',
  'proxy_set_header X-Real-IP $remote_addr;',
];

/** The whole nginx.conf for a prefix folder `dir`. */
export function nginxConfig(opts: { dir: string; port: number; upstreams: string[] }): string {
  const inDir = (name: string) => path.join(opts.dir, name);
  const indent = (lines: string[], depth: number) => lines.map((l) => `${'  '.repeat(depth)}${l}`);
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${inDir('nginx.pid')};`,
    `error_log ${inDir('error.log')} warn;`,
    ...(isRoot() ? ['user nobody nogroup;'] : []),
    'events {',
    '  worker_connections 4096;',
    '}',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${inDir('client_body')};`,
    `  proxy_temp_path ${inDir('proxy')};`,
    `  fastcgi_temp_path ${inDir('fastcgi')};`,
    `  uwsgi_temp_path ${inDir('uwsgi')};`,
    `  scgi_temp_path ${inDir('scgi')};`,
    '  server_tokens off;',
    '  client_max_body_size 1m;',
    // The web answers addresses and headers up to 64 KiB with its own clear errors.
    '  large_client_header_buffers 4 64k;',
    '  map $http_upgrade $connection_upgrade {',
    '    default upgrade;',
    "    '' close;",
    '  }',
    // Round robin (nginx's default); a process that refuses connections is skipped for 2 s.
    '  upstream tiffin_web {',
    ...opts.upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=2s;`),
    '    keepalive 32;',
    '  }',
    '  server {',
    `    listen 127.0.0.1:${opts.port};`,
    '    proxy_http_version 1.1;',
    // Live tracking: a socket stays open for as long as someone watches an order.
    '    location /api/trpc-ws {',
    '      proxy_pass http://tiffin_web;',
    ...indent(forwardedHeaders, 3),
    '      proxy_set_header Upgrade $http_upgrade;',
    '      proxy_set_header Connection $connection_upgrade;',
    '      proxy_read_timeout 1h;',
    '      proxy_send_timeout 1h;',
    '      proxy_buffering off;',
    '    }',
    '    location / {',
    '      proxy_pass http://tiffin_web;',
    ...indent(forwardedHeaders, 3),
    // Reuses upstream connections (keepalive above) instead of closing each one.
    '      proxy_set_header Connection "";',
    // Streamed answers (server-sent events, large pages) go out as they come.
    '      proxy_buffering off;',
    '      proxy_read_timeout 120s;',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nginx in its own process group, listening on loopback; returns its URL. */
export async function startNginx(opts: NginxOptions): Promise<RunningNginx> {
  const binary = findNginx();
  const port = opts.port ?? (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-nginx-'));
  // Its workers run as `nobody` under root and must enter the folder for their temp files.
  fs.chmodSync(dir, 0o755);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig({ dir, port, upstreams: opts.upstreams }));
  // -e: its startup errors go to the prefix too, not to /var/log/nginx.
  const flags = ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')];
  const test = spawnSync(binary, ['-t', '-q', ...flags], { encoding: 'utf8' });
  if (test.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`[stack] nginx rejected its config:\n${test.stderr}`);
  }
  const child = spawn(binary, flags, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => opts.log?.(c.toString()));
  child.stderr.on('data', (c: Buffer) => opts.log?.(c.toString()));
  let exitCode: number | null | undefined;
  child.on('exit', (code) => (exitCode = code));
  const stop = async () => {
    // SIGQUIT: finish what is in flight, then exit.
    if (child.pid !== undefined && exitCode === undefined) await stopGroup(child.pid, 'SIGQUIT');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => {
      if (exitCode !== undefined) {
        const logged = fs.readFileSync(path.join(dir, 'error.log'), 'utf8').slice(-2_000);
        throw new Error(`[stack] nginx exited early (code ${exitCode}):\n${logged}`);
      }
      return listening(port);
    }, 'nginx');
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, owned: true, port, dir, stop };
}
