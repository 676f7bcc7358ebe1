// Several web and worker processes on one machine, the way they run beyond one: PgBouncer in
// front of PostgreSQL, nginx in front of the web processes. `npm run start:cluster`, its tests
// and bench:scale start it here; each caller brings its own PostgreSQL and Redis.
import type { RunningNginx } from './nginx';
import type { RunningPgBouncer } from './pgbouncer';
import type { AppEnv, RunningApp } from './stack';
import type { SupervisedApp } from './supervisor';
import { startNginx } from './nginx';
import { startPgBouncer } from './pgbouncer';
import { freePort } from './services';
import { startWeb, startWorker, waitForReady } from './stack';
import { supervise } from './supervisor';

export interface MultiProcessOptions {
  /** The migrated database, connected to directly (migrations and the outbox LISTEN use it). */
  directDatabaseUrl: string;
  redisUrl: string;
  authSecret: string;
  webs?: number;
  workers?: number;
  /** Extra variables for every process (tests speed up the simulator, etc.). */
  extra?: Record<string, string>;
  /** Restart crashed processes (npm run start:cluster); tests kill them on purpose instead. */
  supervised?: boolean;
  /** Where the processes' output goes; default: the terminal, each line prefixed. */
  sink?: (name: string, line: string) => void;
  log?: (line: string) => void;
}

export interface ClusterProcess {
  /** web-1, web-2, worker-1, … (the web's INSTANCE_NAME). */
  name: string;
  /** The web's port, or the worker's health port. */
  port: number;
  /** The process running now (after a supervised restart, a new one). */
  current(): RunningApp;
  stop(): Promise<void>;
  /** Resolves when a supervised process is given up on after a crash loop. */
  gaveUp: Promise<string>;
}

export interface MultiProcessStack {
  /** nginx: the URL users and tests reach. */
  url: string;
  /** PgBouncer's URL of the same database: what web and workers use. */
  pooledDatabaseUrl: string;
  pgbouncer: RunningPgBouncer;
  nginx: RunningNginx;
  webs: ClusterProcess[];
  workers: ClusterProcess[];
  /** Waits until every web and worker answers ready (false once `cancelled` says so). */
  ready(opts?: { cancelled?: () => boolean; timeoutMs?: number }): Promise<boolean>;
  stop(): Promise<void>;
}

function run(
  name: string,
  port: number,
  start: () => RunningApp,
  opts: MultiProcessOptions,
): ClusterProcess {
  if (opts.supervised) {
    const app: SupervisedApp = supervise(name, start, { log: opts.log ?? (() => undefined) });
    return { name, port, current: () => app.current(), stop: () => app.stop(), gaveUp: app.gaveUp };
  }
  const app = start();
  return { name, port, current: () => app, stop: () => app.stop(), gaveUp: new Promise(() => {}) };
}

export async function startMultiProcess(opts: MultiProcessOptions): Promise<MultiProcessStack> {
  const webCount = opts.webs ?? 2;
  const workerCount = opts.workers ?? 2;
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop();
  };
  try {
    const pgbouncer = await startPgBouncer({ upstreamUrl: opts.directDatabaseUrl });
    started.push(pgbouncer);
    const webPorts = await Promise.all(Array.from({ length: webCount }, () => freePort()));
    const workerPorts = await Promise.all(Array.from({ length: workerCount }, () => freePort()));
    const nginx = await startNginx({ upstreams: webPorts.map((p) => `127.0.0.1:${p}`) });
    started.push(nginx);

    const sink = opts.sink;
    const base = (port: number, name: string): AppEnv => ({
      databaseUrl: pgbouncer.url,
      redisUrl: opts.redisUrl,
      authSecret: opts.authSecret,
      port,
      extra: {
        DIRECT_DATABASE_URL: opts.directDatabaseUrl,
        // Sign-in links, redirects and the worker's webhooks go through nginx, as users do.
        NEXTAUTH_URL: nginx.url.replace('127.0.0.1', 'localhost'),
        PAYMENT_WEBHOOK_URL: `${nginx.url}/api/payments/webhook`,
        // nginx is the one proxy in front: the web takes the client address it saw.
        TRUST_PROXY: '1',
        INSTANCE_NAME: name,
        ...opts.extra,
      },
    });
    const appOpts = (name: string) => (sink ? { sink: (line: string) => sink(name, line) } : {});
    const webs = webPorts.map((port, i) => {
      const name = `web-${i + 1}`;
      return run(name, port, () => startWeb(base(port, name), appOpts(name)), opts);
    });
    const workers = workerPorts.map((port, i) => {
      const name = `worker-${i + 1}`;
      const env = base(port, name);
      const workerEnv = { ...env, extra: { ...env.extra, WORKER_HTTP_PORT: String(port) } };
      return run(name, port, () => startWorker(workerEnv, appOpts(name)), opts);
    });
    // Workers and webs stop side by side: each drains on its own.
    started.push({
      stop: async () => void (await Promise.all([...webs, ...workers].map((p) => p.stop()))),
    });

    return {
      url: nginx.url,
      pooledDatabaseUrl: pgbouncer.url,
      pgbouncer,
      nginx,
      webs,
      workers,
      async ready(readyOpts = {}) {
        const urls = [...webs, ...workers].map(
          (p) => `http://127.0.0.1:${p.port}/api/health/ready`,
        );
        const answers = await Promise.all(urls.map((url) => waitForReady(url, readyOpts)));
        return answers.every(Boolean);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
