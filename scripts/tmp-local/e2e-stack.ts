import { freePort, prepareDatabase, startServices, startWeb, startWorker, waitForHttp } from '@tiffin/stack';
const services = await startServices('ephemeral');
const databaseUrl = await prepareDatabase(services, 'tiffin_e2e', { recreate: true, seed: true });
const port = Number(process.env.E2E_PORT ?? (await freePort()));
const env = { databaseUrl, redisUrl: services.redis.url, authSecret: 'e2e-only-secret-not-for-production-use-0123456789', port,
  extra: { SIM_SPEED: '10', SIM_COURIER_SPEED_KMH: '450', DISPATCH_FALLBACK_MS: '2000', QA_ROUTES: 'enabled', AUTH_REQUESTS_PER_IP_PER_MINUTE: '100000', SIGNUPS_PER_IP_PER_HOUR: '100000', ORDERS_PER_USER_PER_MINUTE: '100000', REFILL_INTERVAL_MS: String(365 * 86_400_000) } };
const web = startWeb(env, { sink: () => undefined });
const worker = startWorker(env, { sink: () => undefined });
await waitForHttp(`http://localhost:${port}/`, web);
console.log(`READY http://localhost:${port}`);
process.on('SIGTERM', async () => { await web.stop(); await worker.stop(); await services.stop(); process.exit(0); });
setInterval(() => undefined, 1 << 30);
