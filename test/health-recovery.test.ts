// Health endpoints of web and worker while PostgreSQL and then Redis go away and come back, and
// while a migration is missing: 503 naming what failed (the worker's outbox relay too, once it
// has failed past the threshold), then 200 again, with no restart of either process.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunningApp, RunningService } from '@tiffin/stack';
import { STREAMS } from '@tiffin/events';
import {
  freePort,
  prepareDatabase,
  startEmbeddedPostgres,
  startRedis,
  startWeb,
  startWorker,
  waitForHttp,
} from '@tiffin/stack';
import { waitUntil as until } from '@tiffin/stack/testing';

const pgDir = path.join(os.tmpdir(), `tiffin-health-pg-${process.pid}`);
let pgPort: number;
let redisPort: number;
let postgres: RunningService;
let redis: RunningService;
let web: RunningApp;
let worker: RunningApp;
let webUrl: string;
let workerUrl: string;
let databaseUrl: string;

interface Report {
  status: string;
  failing: string[];
  checks: Record<string, { ok: boolean; error?: string }>;
}

/** A short-lived connection: a pooled one would break (and throw) while PostgreSQL is stopped. */
async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function ready(url: string): Promise<{ status: number; body: Report }> {
  const response = await fetch(`${url}/api/health/ready`);
  return { status: response.status, body: (await response.json()) as Report };
}

beforeAll(async () => {
  [pgPort, redisPort] = [await freePort(), await freePort()];
  postgres = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
  redis = await startRedis({ port: redisPort });
  databaseUrl = await prepareDatabase(
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

  it('a migration is missing: 503 naming migrations; applied again: ready without a restart', async () => {
    const [last] = await sql<{ row: object }>(
      `DELETE FROM "_prisma_migrations"
       WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations")
       RETURNING row_to_json("_prisma_migrations") AS row`,
    );
    try {
      for (const url of [webUrl, workerUrl]) {
        const report = await ready(url);
        expect(report.status).toBe(503);
        expect(report.body.failing).toEqual(['migrations']);
        expect(report.body.checks.migrations?.error).toMatch(/^pending migrations: /);
      }
    } finally {
      await sql(
        `INSERT INTO "_prisma_migrations"
         SELECT * FROM json_populate_record(NULL::"_prisma_migrations", $1::json)`,
        [JSON.stringify(last!.row)],
      );
    }
    for (const url of [webUrl, workerUrl]) expect((await ready(url)).status).toBe(200);
  });

  it('Redis stops: 503 naming redis, and the relay once it fails past the threshold; it comes back: ready again without a restart', async () => {
    await redis.stop();
    for (const url of [webUrl, workerUrl]) {
      await until(`${url} to notice`, async () => {
        const report = await ready(url);
        return report.status === 503 && report.body.failing.includes('redis');
      });
    }
    // An event committed during the outage: the relay cannot publish it and, past the
    // threshold (1s here), readiness names the relay as well.
    const [item] = await sql<{ id: string; restaurantId: string }>(
      `SELECT id, "restaurantId" FROM "MenuItem" LIMIT 1`,
    );
    const eventId = randomUUID();
    await sql(
      `INSERT INTO "OutboxEvent" (id, type, stream, source, payload, "correlationId")
       VALUES ($1, 'menu.stock_changed.v1', $2, 'test', $3, $4)`,
      [
        eventId,
        STREAMS.menu,
        JSON.stringify({
          restaurantId: item!.restaurantId,
          items: [{ menuItemId: item!.id, stock: 3 }],
          reason: 'admin',
        }),
        randomUUID(),
      ],
    );
    await until('the worker to name the relay', async () => {
      const report = await ready(workerUrl);
      return report.body.failing.includes('outboxRelay');
    });
    expect((await ready(workerUrl)).body.checks.outboxRelay?.error).toMatch(
      /^failing to publish since /,
    );

    redis = await startRedis({ port: redisPort });
    for (const url of [webUrl, workerUrl]) {
      await until(
        `${url} ready after Redis returned`,
        async () => (await ready(url)).status === 200,
      );
    }
    const [row] = await sql<{ publishedAt: Date | null }>(
      `SELECT "publishedAt" FROM "OutboxEvent" WHERE id = $1`,
      [eventId],
    );
    expect(row?.publishedAt).not.toBeNull();
    // Both processes are the same ones that started.
    expect(web.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
  });
});
