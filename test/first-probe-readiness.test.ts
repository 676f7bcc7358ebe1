// Readiness at start: the very first /api/health/ready a process answers, right after its port
// opens, is 200 when PostgreSQL and Redis are reachable; no warm-up probe is needed. Each process
// is started three times, since a race at start shows only now and then.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { AppEnv, RunningApp } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { freePort, startWeb, startWorker } from '@tiffin/stack';
import { createTestDatabase, waitUntil as until } from '@tiffin/stack/testing';

const STARTS = 3;
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(async () => {
  await t?.drop();
});

async function appEnv(extra: Record<string, string> = {}): Promise<AppEnv> {
  return {
    databaseUrl: t.url,
    redisUrl: inject('redisUrl'),
    authSecret: 'first-probe-test-secret-0123456789abcdef',
    port: await freePort(),
    extra,
  };
}

/** Starts the app, waits only for its port to answer live, then sends the first ready probe. */
async function firstReadyProbe(app: RunningApp, url: string) {
  try {
    await until(
      `${app.name} live`,
      async () => {
        if (app.child.exitCode !== null) throw new Error(`${app.name} exited`);
        try {
          return (await fetch(`${url}/api/health/live`)).status === 200;
        } catch {
          return false; // not listening yet
        }
      },
      60_000,
      20,
    );
    const response = await fetch(`${url}/api/health/ready`);
    return { status: response.status, body: (await response.json()) as { failing?: string[] } };
  } finally {
    await app.stop();
  }
}

describe('readiness at start', () => {
  it(`web: the first ready probe after the port opens is 200, ${STARTS} starts out of ${STARTS}`, async () => {
    const probes = [];
    for (let i = 0; i < STARTS; i++) {
      const env = await appEnv();
      const web = startWeb(env, { sink: () => undefined });
      probes.push(await firstReadyProbe(web, `http://127.0.0.1:${env.port}`));
    }
    expect(probes).toEqual(
      Array.from({ length: STARTS }, () => ({
        status: 200,
        body: expect.objectContaining({ status: 'ready', failing: [] }) as unknown,
      })),
    );
  });

  it(`worker: the first ready probe after the port opens is 200, ${STARTS} starts out of ${STARTS}`, async () => {
    const probes = [];
    for (let i = 0; i < STARTS; i++) {
      const port = await freePort();
      const env = await appEnv({ WORKER_HTTP_PORT: String(port), SIM_ENABLED: 'false' });
      const worker = startWorker(env, { sink: () => undefined });
      probes.push(await firstReadyProbe(worker, `http://127.0.0.1:${port}`));
    }
    expect(probes).toEqual(
      Array.from({ length: STARTS }, () => ({
        status: 200,
        body: expect.objectContaining({ status: 'ready', failing: [] }) as unknown,
      })),
    );
  });
});
