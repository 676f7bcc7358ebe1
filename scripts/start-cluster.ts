// `npm run start:cluster`: Tiffin as it runs beyond one machine, on this one. PostgreSQL with
// PgBouncer (transaction pooling) in front, a Redis Cluster of 6 nodes (3 masters, 3 replicas), 2
// web and 2 worker processes (each restarted
// when it crashes), nginx in front of the webs. Prints the nginx URL and the demo logins once
// everything answers ready; Ctrl-C stops everything it started. docs/start-cluster.md says more.
import path from 'node:path';

import type { MultiProcessStack, Services } from '@tiffin/stack';
import { DEMO_LOGINS, DEMO_PASSWORD } from '@tiffin/db/seed';
import {
  buildWeb,
  dataDir,
  devAuthSecret,
  log,
  prepareDatabase,
  provisionPostgres,
  startMultiProcess,
  startRedisCluster,
} from '@tiffin/stack';

log('starting PostgreSQL and a Redis Cluster (6 nodes)…');
// Its own data folders: the cluster's orders and streams never mix with npm start's.
const clusterDir = path.join(dataDir, 'cluster');
const postgres = await provisionPostgres({ dataDir: path.join(clusterDir, 'postgres') });
// The cluster lives in a temp folder: its node ports are picked afresh each run, which a kept
// nodes.conf would contradict. Orders stay in PostgreSQL; unpublished events wait in its outbox.
const cluster = await startRedisCluster().catch(async (error: unknown) => {
  await postgres.stop();
  throw error;
});
const services: Services = {
  postgres,
  redis: { url: cluster.url, owned: true, stop: () => cluster.stop() },
  stop: async () => void (await Promise.all([postgres.stop(), cluster.stop()])),
};
let stack: MultiProcessStack | undefined;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await stack?.stop();
  await services.stop();
  log('stopped; nothing left running.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  // Migrations and the seed go straight to PostgreSQL; web and workers go through PgBouncer.
  const directDatabaseUrl = await prepareDatabase(services, 'tiffin_cluster', { seed: true });
  buildWeb({ ifStale: true });

  // Every process finds the cluster from its seeds; REDIS_URL names the first for tools.
  const redisUrl = cluster.url;

  stack = await startMultiProcess({
    directDatabaseUrl,
    redisUrl,
    authSecret: process.env.NEXTAUTH_SECRET ?? devAuthSecret(),
    webs: 2,
    workers: 2,
    supervised: true,
    extra: { REDIS_CLUSTER_NODES: cluster.seeds.join(',') },
    sink: (name, line) => process.stdout.write(`[${name}] ${line}\n`),
    log,
  });
  log(`PostgreSQL: direct (migrations, outbox LISTEN) at ${new URL(directDatabaseUrl).host}`);
  log(`PgBouncer (transaction pooling) at ${new URL(stack.pooledDatabaseUrl).host}`);
  for (const web of stack.webs) log(`${web.name} on 127.0.0.1:${web.port}`);
  for (const worker of stack.workers) log(`${worker.name} health on 127.0.0.1:${worker.port}`);
  log(`nginx at ${stack.url} (config in ${stack.nginx.dir})`);
  log(`Redis Cluster masters and replicas on ${cluster.nodes.map((n) => n.port).join(', ')}`);
  log(`data in ${clusterDir}`);

  for (const proc of [...stack.webs, ...stack.workers]) {
    void proc.gaveUp.then(() => {
      if (stopping) return;
      log(`giving up: ${proc.name} keeps crashing. Stopping everything.`);
      void shutdown(1);
    });
  }

  if ((await stack.ready({ cancelled: () => stopping })) && !stopping) {
    const logins = DEMO_LOGINS.map((l) => `    ${l.role.padEnd(17)} ${l.email}`).join('\n');
    console.log(`
  Tiffin (2 web + 2 worker behind nginx) is running at http://localhost:${stack.nginx.port}
  redis cluster: ${redisUrl}

  Demo logins (dev only), password "${DEMO_PASSWORD}":
${logins}

  Press Ctrl-C to stop.
`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
