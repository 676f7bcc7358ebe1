// `npm start`: services, migrations, seed, production build, then web + worker, each restarted
// with backoff when it crashes (given up on, and everything stopped, after a crash loop). Prints
// the URL and the demo logins once both answer ready; Ctrl-C stops everything it started.
// Without SMTP_URL, a local SMTP catcher takes the mail (stored under the data dir, shown on
// /dev/mail).
import path from 'node:path';

import type { MailCatcher, SupervisedApp } from '@tiffin/stack';
import { DEMO_LOGINS, DEMO_PASSWORD } from '@tiffin/db/seed';
import {
  buildWeb,
  choosePort,
  dataDir,
  devAuthSecret,
  freePort,
  log,
  prepareDatabase,
  startMailCatcher,
  startServices,
  startWeb,
  startWorker,
  supervise,
  waitForReady,
} from '@tiffin/stack';

log('starting PostgreSQL and Redis…');
const services = await startServices('persistent');
const apps: SupervisedApp[] = [];
let mailCatcher: MailCatcher | null = null;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all(apps.map((app) => app.stop()));
  await mailCatcher?.stop();
  await services.stop();
  log('stopped; nothing left running.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/** A host for a URL: IPv6 in brackets; the wildcard addresses are reached on loopback. */
function reachableHost(host: string | undefined): string {
  if (host === undefined || host === '' || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

try {
  log(
    `PostgreSQL: ${services.postgres.owned ? `embedded at ${new URL(services.postgres.url).host}, data in ${dataDir}` : 'DATABASE_URL'}`,
  );
  log(
    `Redis: ${services.redis.owned ? `local redis-server at ${services.redis.url}` : 'REDIS_URL'}`,
  );
  const databaseUrl = await prepareDatabase(services, 'tiffin', { seed: true });
  buildWeb({ ifStale: true });
  const port = await choosePort(process.env.PORT);
  // One worker port for the whole run, so its health URL stays the same across restarts.
  const workerPort = Number(process.env.WORKER_HTTP_PORT || (await freePort()));
  if (!process.env.SMTP_URL) {
    mailCatcher = await startMailCatcher({ dir: path.join(dataDir, 'mail') });
    log(
      `mail: SMTP catcher at ${mailCatcher.url}, stored in ${mailCatcher.dir}, read it on /dev/mail`,
    );
  }
  const env = {
    databaseUrl,
    redisUrl: services.redis.url,
    authSecret: process.env.NEXTAUTH_SECRET ?? devAuthSecret(),
    port,
    extra: (mailCatcher
      ? { SMTP_URL: mailCatcher.url, MAIL_CATCHER_DIR: mailCatcher.dir }
      : {}) as Record<string, string>,
  };
  const webHost = reachableHost(process.env.HOST);
  const workerHost = reachableHost(process.env.WORKER_HTTP_HOST);
  const webReady = `http://${webHost}:${port}/api/health/ready`;
  const workerReady = `http://${workerHost}:${workerPort}/api/health/ready`;
  log(`web listens on ${process.env.HOST || '127.0.0.1'}:${port} (HOST changes the address)`);
  log(`worker health and metrics: ${workerReady.replace('/ready', '')}/…`);

  apps.push(
    supervise('web', () => startWeb(env), { log }),
    supervise(
      'worker',
      () => startWorker({ ...env, extra: { ...env.extra, WORKER_HTTP_PORT: String(workerPort) } }),
      { log },
    ),
  );
  for (const app of apps) {
    void app.gaveUp.then(() => {
      if (stopping) return;
      log(`giving up: ${app.name} keeps crashing. Stopping everything.`);
      void shutdown(1);
    });
  }

  const cancelled = () => stopping;
  const ready = await Promise.all([
    waitForReady(webReady, { cancelled }),
    waitForReady(workerReady, { cancelled }),
  ]);
  if (ready.every(Boolean) && !stopping) {
    const site = webHost === '127.0.0.1' ? 'localhost' : webHost;
    const logins = DEMO_LOGINS.map((l) => `    ${l.role.padEnd(17)} ${l.email}`).join('\n');
    console.log(`
  Tiffin is running at http://${site}:${port}

  Demo logins (dev only), password "${DEMO_PASSWORD}":
${logins}

  Press Ctrl-C to stop.
`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
