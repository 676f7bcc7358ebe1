// Health endpoints of web and worker while PostgreSQL and then Redis go away and come back:
// 503 naming the dependency, then 200 again, with no restart of either process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { waitUntil as until } from '../packages/db/src/testing/test-database';
import { freePort, startEmbeddedPostgres, startRedis } from '../scripts/lib/services';
import type { RunningService } from '../scripts/lib/services';
import { prepareDatabase, startWeb, startWorker, waitForHttp } from '../scripts/lib/stack';
import type { RunningApp } from '../scripts/lib/stack';

const pgDir = path.join(os.tmpdir(), `tiffin-health-pg-${process.pid}`);
let pgPort: number;
let redisPort: number;
let postgres: RunningService;
let redis: RunningService;
let web: RunningApp;
let worker: RunningApp;
let webUrl: string;
let workerUrl: string;

interface Report {
  status: string;
  failing: string[];
}

async function ready(url: string): Promise<{ status: number; body: Report }> {
  const response = await fetch(`${url}/api/health/ready`);
  return { status: response.status, body: (await response.json()) as Report };
}

beforeAll(async () => {
  [pgPort, redisPort] = [await freePort(), await freePort()];
  postgres = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
  redis = await startRedis({ port: redisPort });
  const databaseUrl = await prepareDatabase(
    { postgres, redis, stop: async () => undefined },
    'tiffin_health',
    { recreate: true, seed: true },
  );
  const [webPort, workerPort] = [await freePort(), await freePort()];
  const env = {
    databaseUrl,
    redisUrl: redis.url,
    authSecret: 'health-test-secret-0123456789abcdefghijk',
    port: webPort,
  };
  web = startWeb(env, { sink: () => undefined });
  worker = startWorker(
    {
      ...env,
      extra: { WORKER_HTTP_PORT: String(workerPort), HEALTH_FAILING_THRESHOLD_MS: '1000' },
    },
    { sink: () => undefined },
  );
  webUrl = `http://localhost:${webPort}`;
  workerUrl = `http://localhost:${workerPort}`;
  await waitForHttp(`${webUrl}/api/health/live`, web);
  await waitForHttp(`${workerUrl}/api/health/live`, worker);
});

afterAll(async () => {
  await web?.stop();
  await worker?.stop();
  await redis?.stop();
  await postgres?.stop();
  fs.rmSync(pgDir, { recursive: true, force: true });
  fs.rmSync(`${pgDir}.credentials.json`, { force: true });
});

describe('health', () => {
  it('both processes are live and ready on healthy services', async () => {
    for (const url of [webUrl, workerUrl]) {
      expect((await fetch(`${url}/api/health/live`)).status).toBe(200);
      await until(`${url} ready`, async () => (await ready(url)).status === 200);
      expect((await ready(url)).body).toMatchObject({ status: 'ready', failing: [] });
    }
  });

  it('PostgreSQL stops: 503 naming postgres; it comes back: ready again without a restart', async () => {
    await postgres.stop();
    for (const url of [webUrl, workerUrl]) {
      const report = await ready(url);
      expect(report.status).toBe(503);
      expect(report.body.failing).toContain('postgres');
      expect((await fetch(`${url}/api/health/live`)).status).toBe(200);
    }
    postgres = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    for (const url of [webUrl, workerUrl]) {
      await until(
        `${url} ready after PostgreSQL returned`,
        async () => (await ready(url)).status === 200,
      );
    }
  });

  it('Redis stops: 503 naming redis; it comes back: ready again without a restart', async () => {
    await redis.stop();
    for (const url of [webUrl, workerUrl]) {
      await until(`${url} to notice`, async () => {
        const report = await ready(url);
        return report.status === 503 && report.body.failing.includes('redis');
      });
    }
    redis = await startRedis({ port: redisPort });
    for (const url of [webUrl, workerUrl]) {
      await until(
        `${url} ready after Redis returned`,
        async () => (await ready(url)).status === 200,
      );
    }
    // Both processes are the same ones that started.
    expect(web.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
  });
});
