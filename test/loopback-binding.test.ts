// Where web and worker listen, and who reads the worker's metrics: both bind 127.0.0.1 unless
// HOST / WORKER_HTTP_HOST say otherwise (checked in the kernel's socket table), and the worker's
// /api/metrics follows the web's rule: the METRICS_TOKEN bearer, and not served in production
// when no token is configured.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { AppEnv, RunningApp } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { freePort, startWeb, startWorker, waitForHttp } from '@tiffin/stack';
import { createTestDatabase, listeningAddresses } from '@tiffin/stack/testing';

const TOKEN = 'binding-test-metrics-token-0123';
let t: TestDatabase;
const running: RunningApp[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(async () => {
  await Promise.all(running.map((app) => app.stop()));
  await t?.drop();
});

async function env(extra: Record<string, string>): Promise<AppEnv> {
  return {
    databaseUrl: t.url,
    redisUrl: inject('redisUrl'),
    authSecret: 'binding-test-secret-0123456789abcdefghij',
    port: await freePort(),
    extra: { SIM_ENABLED: 'false', ...extra },
  };
}

async function web(extra: Record<string, string> = {}) {
  const settings = await env(extra);
  const app = startWeb(settings, { sink: () => undefined });
  running.push(app);
  const url = `http://127.0.0.1:${settings.port}`;
  await waitForHttp(`${url}/api/health/live`, app);
  return { url, port: settings.port };
}

async function worker(extra: Record<string, string> = {}) {
  const port = await freePort();
  const app = startWorker(await env({ WORKER_HTTP_PORT: String(port), ...extra }), {
    sink: () => undefined,
  });
  running.push(app);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/health/live`, app);
  return { url, port };
}

const metrics = (url: string, token?: string) =>
  fetch(`${url}/api/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('listening addresses', () => {
  it('web and worker listen on 127.0.0.1 only, by default', async () => {
    const [w, k] = await Promise.all([web(), worker()]);
    expect(listeningAddresses(w.port)).toEqual(['127.0.0.1']);
    expect(listeningAddresses(k.port)).toEqual(['127.0.0.1']);
    expect((await fetch(`${w.url}/api/health/ready`)).status).toBe(200);
    expect((await fetch(`${k.url}/api/health/ready`)).status).toBe(200);
  });

  it('HOST and WORKER_HTTP_HOST open them to every interface', async () => {
    const [w, k] = await Promise.all([
      web({ HOST: '0.0.0.0' }),
      worker({ WORKER_HTTP_HOST: '0.0.0.0' }),
    ]);
    expect(listeningAddresses(w.port)).toEqual(['0.0.0.0']);
    expect(listeningAddresses(k.port)).toEqual(['0.0.0.0']);
  });
});

describe("the worker's metrics", () => {
  it("follow the web's rule: the METRICS_TOKEN bearer (401 without or with a wrong one), and not served in production without a token", async () => {
    const [w, k, open] = await Promise.all([
      web({ METRICS_TOKEN: TOKEN }),
      worker({ METRICS_TOKEN: TOKEN }),
      worker(),
    ]);
    for (const url of [w.url, k.url]) {
      expect((await metrics(url)).status, url).toBe(401);
      expect((await metrics(url, `${TOKEN}-not`)).status, url).toBe(401);
      const allowed = await metrics(url, TOKEN);
      expect(allowed.status, url).toBe(200);
      expect(await allowed.text()).toContain('process_cpu_seconds_total');
    }
    // No token configured: hidden in production, whatever the request carries.
    expect((await metrics(open.url)).status).toBe(404);
    expect((await metrics(open.url, 'anything-at-all-0123')).status).toBe(404);
  });
});
