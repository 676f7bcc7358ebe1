// The worker's small HTTP port (WORKER_HTTP_HOST:WORKER_HTTP_PORT, loopback by default, never
// public): /api/health/live, /api/health/ready and /api/metrics (METRICS_TOKEN, as on web). Ready
// needs PostgreSQL, Redis and the migrations, every consumer loop running (a dead one is named, never restarted), and
// neither a consumer nor the outbox relay failing for longer than the threshold.
import type { Server } from 'node:http';
import type { Registry } from 'prom-client';
import { createServer } from 'node:http';

import type { Db } from '@tiffin/db';
import type { Check } from '@tiffin/db/health';
import type { ConsumerGroup, RedisClient } from '@tiffin/events';
import { metricsAccess, metricsRefusal } from '@tiffin/config/metrics-access';
import { databaseChecks, runReadinessChecks } from '@tiffin/db/health';
import { isCluster } from '@tiffin/events';

import type { Lifecycle } from './lifecycle';
import type { OutboxRelay } from './outbox-relay';

export interface HealthDeps {
  db: Db;
  metrics: Registry;
  metricsToken: string | undefined;
  /** In production, metrics without a configured token are not served at all. */
  production: boolean;
  redis: RedisClient;
  relay: OutboxRelay;
  groups: ConsumerGroup[];
  failingThresholdMs: number;
}

function failingTooLong(since: Date | null, thresholdMs: number): boolean {
  return since !== null && Date.now() - since.getTime() > thresholdMs;
}

export function workerChecks(deps: HealthDeps): Record<string, Check> {
  return {
    ...databaseChecks(deps.db),
    redis: async () => {
      if (!isCluster(deps.redis)) {
        await deps.redis.ping();
        return;
      }
      // On a cluster every master must answer and see every slot served: a master that is down
      // (until its replica takes over) is an outage for the partitions it holds, yet the client
      // soon drops it from its list, so the surviving masters' own view is what tells.
      await Promise.all(
        deps.redis.nodes('master').map(async (master) => {
          const info = String(await master.cluster('INFO'));
          const state = /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown';
          if (state !== 'ok') throw new Error(`cluster state ${state}`);
        }),
      );
    },
    consumers: async () => {
      const broken = deps.groups.flatMap((g) => {
        const { running, failingSince, diedOf } = g.status;
        const name = `${g.group}@${g.stream} (${g.consumerName})`;
        if (diedOf !== null) return [`${name} died: ${diedOf}`];
        if (!running) return [`${name} stopped`];
        if (failingTooLong(failingSince, deps.failingThresholdMs)) {
          return [`${name} failing since ${failingSince?.toISOString()}`];
        }
        return [];
      });
      if (broken.length > 0) throw new Error(`not consuming: ${broken.join('; ')}`);
    },
    outboxRelay: async () => {
      if (failingTooLong(deps.relay.failingSince, deps.failingThresholdMs)) {
        throw new Error(`failing to publish since ${deps.relay.failingSince?.toISOString()}`);
      }
    },
  };
}

/** Where the port listens: WORKER_HTTP_HOST (loopback by default) and WORKER_HTTP_PORT. */
export interface ListenAddress {
  host: string;
  port: number;
}

export function startWorkerHttp(address: ListenAddress, deps: HealthDeps): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '').split('?')[0];
    if (path === '/api/health/live') return send(200, { status: 'live' });
    if (path === '/api/metrics') {
      const access = metricsAccess(req.headers.authorization, {
        token: deps.metricsToken,
        production: deps.production,
      });
      if (access !== 'allowed') {
        const refusal = metricsRefusal(access);
        return send(refusal.status, { error: refusal.message });
      }
      void deps.metrics.metrics().then(
        (body) => {
          res.writeHead(200, { 'content-type': deps.metrics.contentType });
          res.end(body);
        },
        (error: unknown) => send(500, { error: String(error) }),
      );
      return;
    }
    if (path === '/api/health/ready') {
      void runReadinessChecks(workerChecks(deps)).then((report) =>
        send(report.status === 'ready' ? 200 : 503, report),
      );
      return;
    }
    send(404, { error: 'not found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve(server));
  });
}

/** How long a request in flight may take once the port is closing; then its connection is cut. */
const CLOSE_GRACE_MS = 2_000;

/** The port as one of the worker's long-running parts: listening once started, closed on stop. */
export class WorkerHttp implements Lifecycle {
  private server: Server | undefined;

  constructor(
    private readonly requested: ListenAddress,
    private readonly deps: HealthDeps,
  ) {}

  async start(): Promise<void> {
    this.server ??= await startWorkerHttp(this.requested, this.deps);
  }

  /** The port it listens on (the one picked when asked for 0); the requested one before start. */
  get port(): number {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : this.requested.port;
  }

  get host(): string {
    return this.requested.host;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A scrape in flight may finish; a client holding its connection open must not hold the exit.
    const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    await closed;
    clearTimeout(cut);
  }
}
