// `npm start`: services, migrations, seed, production build, then web + worker. Prints the URL
// and the demo logins; Ctrl-C stops everything it started.
import type { RunningApp } from '@tiffin/stack';
import { DEMO_LOGINS, DEMO_PASSWORD } from '@tiffin/db/seed';
import {
  buildWeb,
  choosePort,
  dataDir,
  devAuthSecret,
  log,
  prepareDatabase,
  startServices,
  startWeb,
  startWorker,
  waitForHttp,
} from '@tiffin/stack';

log('starting PostgreSQL and Redis…');
const services = await startServices('persistent');
const apps: RunningApp[] = [];
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all(apps.map((app) => app.stop()));
  await services.stop();
  log('stopped; nothing left running.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

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
  const env = {
    databaseUrl,
    redisUrl: services.redis.url,
    authSecret: process.env.NEXTAUTH_SECRET ?? devAuthSecret(),
    port,
  };
  const web = startWeb(env);
  const worker = startWorker(env);
  apps.push(web, worker);
  for (const app of apps) {
    void app.exited.then((code) => {
      if (!stopping) {
        log(`${app.name} exited unexpectedly (code ${code}); stopping the stack.`);
        void shutdown(1);
      }
    });
  }
  await waitForHttp(`http://localhost:${port}/`, web);
  const logins = DEMO_LOGINS.map((l) => `    ${l.role.padEnd(17)} ${l.email}`).join('\n');
  console.log(`
  Tiffin is running at http://localhost:${port}

  Demo logins (dev only), password "${DEMO_PASSWORD}":
${logins}

  Press Ctrl-C to stop.
`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
