// A real Redis Cluster on this machine: six `redis-server` processes in cluster mode (three
// masters, three replicas) joined by `redis-cli --cluster create`, for the cluster tests and
// `npm run start:cluster`. Memory-only unless a data folder is given; stop() removes the temp one.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { findRedisServer, stopGroup } from './services';

const run = promisify(execFile);

export interface RedisClusterOptions {
  /** Where each node keeps nodes.conf (and AOF); default: a temp folder removed on stop(). */
  dataDir?: string;
  /** How long a master may be unreachable before its replica takes over (Redis' default is 15 s). */
  nodeTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RedisClusterNode {
  port: number;
  /** The process id of this node's redis-server (its own process group). */
  pid: number;
}

export interface RunningRedisCluster {
  /** `host:port` of every node: what REDIS_CLUSTER_NODES takes, comma-separated. */
  seeds: string[];
  /** One seed as a URL, for the `redis cluster: …` line. */
  url: string;
  nodes: RedisClusterNode[];
  /** `kill -9` one node, as a crash would (for failover tests). */
  crash(port: number): void;
  stop(): Promise<void>;
}

/** A base port whose six client ports and six bus ports (+10000) are all free. */
async function freeClusterBase(): Promise<number> {
  const isFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let tries = 0; tries < 50; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 9_000);
    const ports = [0, 1, 2, 3, 4, 5].flatMap((i) => [base + i, base + i + 10_000]);
    const free = await Promise.all(ports.map(isFree));
    if (free.every(Boolean)) return base;
  }
  throw new Error('[stack] no free ports for a Redis Cluster');
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  return stdout;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`[stack] timed out waiting for ${what}`);
}

/** Starts six nodes, creates the cluster with one replica per master, waits for cluster_state:ok. */
export async function startRedisCluster(
  opts: RedisClusterOptions = {},
): Promise<RunningRedisCluster> {
  const binary = findRedisServer();
  const ownDir = opts.dataDir === undefined;
  const root = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-redis-cluster-'));
  const base = await freeClusterBase();
  const ports = [0, 1, 2, 3, 4, 5].map((i) => base + i);
  const nodes: RedisClusterNode[] = [];
  const stopAll = async () => {
    await Promise.all(nodes.map((node) => stopGroup(node.pid, 'SIGTERM', 5_000)));
    if (ownDir) fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const dir = path.join(root, String(port));
      fs.mkdirSync(dir, { recursive: true });
      const persistence = ownDir ? ['--appendonly', 'no'] : ['--appendonly', 'yes'];
      const child = spawn(
        binary,
        [
          ...['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'no'],
          ...['--dir', dir, '--save', '', ...persistence],
          ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
          ...['--cluster-node-timeout', String(opts.nodeTimeoutMs ?? 2_000)],
        ],
        { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      if (child.pid === undefined) throw new Error('[stack] redis-server did not start');
      child.stdout.on('data', (c: Buffer) => opts.log?.(c.toString()));
      child.stderr.on('data', (c: Buffer) => opts.log?.(c.toString()));
      nodes.push({ port, pid: child.pid });
    }
    for (const port of ports) {
      await waitFor(`redis node ${port}`, async () => (await cli(port, 'PING')).trim() === 'PONG');
    }
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ]);
    for (const port of ports) {
      await waitFor('cluster_state:ok', async () =>
        (await cli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'),
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const seeds = ports.map((port) => `127.0.0.1:${port}`);
  return {
    seeds,
    url: `redis://${seeds[0]}`,
    nodes,
    crash(port) {
      const node = nodes.find((n) => n.port === port);
      if (!node) throw new Error(`[stack] no cluster node on port ${port}`);
      process.kill(-node.pid, 'SIGKILL');
    },
    stop: stopAll,
  };
}
