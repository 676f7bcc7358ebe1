// Web readiness when a dependency hangs rather than refuses: PostgreSQL or Redis behind a proxy
// that stops passing bytes (a partition that drops nothing). Each check gives up at its timeout
// and the 503 names the one that hung; once bytes flow again, ready turns 200 by itself.
import type { AddressInfo } from 'node:net';
import net from 'node:net';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RunningApp } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { freePort, startWeb, waitForHttp } from '@tiffin/stack';
import { createTestDatabase, waitUntil as until } from '@tiffin/stack/testing';

/** runReadinessChecks' default per-check timeout (packages/db/src/health/readiness.ts). */
const CHECK_TIMEOUT_MS = 2_000;

interface FreezableProxy {
  port: number;
  /** Holds every byte in both directions; connections stay open. */
  freeze(): void;
  /** Delivers what was held, in order, and passes bytes again. */
  thaw(): void;
  close(): Promise<void>;
}

async function freezableProxy(targetUrl: string): Promise<FreezableProxy> {
  const target = new URL(targetUrl);
  let frozen = false;
  const held: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk: Buffer) => {
        if (frozen) held.push(() => to.write(chunk));
        else to.write(chunk);
      });
      from.on('error', end);
      from.on('close', () => {
        sockets.delete(from);
        end();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port, // listening on TCP, so never a pipe name
    freeze: () => (frozen = true),
    thaw() {
      frozen = false;
      for (const deliver of held.splice(0)) deliver();
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function via(url: string, proxy: FreezableProxy): string {
  const proxied = new URL(url);
  proxied.host = `127.0.0.1:${proxy.port}`;
  return proxied.toString();
}

interface Report {
  status: string;
  failing: string[];
  checks: Record<string, { ok: boolean; error?: string }>;
}

let t: TestDatabase;
let pgProxy: FreezableProxy;
let redisProxy: FreezableProxy;
let web: RunningApp;
let webUrl: string;

async function ready(): Promise<{ status: number; body: Report; ms: number }> {
  const startedAt = Date.now();
  const response = await fetch(`${webUrl}/api/health/ready`);
  const body = (await response.json()) as Report;
  return { status: response.status, body, ms: Date.now() - startedAt };
}

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  pgProxy = await freezableProxy(t.url);
  redisProxy = await freezableProxy(inject('redisUrl'));
  const port = await freePort();
  web = startWeb(
    {
      databaseUrl: via(t.url, pgProxy),
      redisUrl: via(inject('redisUrl'), redisProxy),
      authSecret: 'web-ready-test-secret-0123456789abcdefgh',
      port,
    },
    { sink: () => undefined },
  );
  webUrl = `http://localhost:${port}`;
  await waitForHttp(`${webUrl}/api/health/live`, web);
  await until('web ready', async () => (await ready()).status === 200);
});
afterAll(async () => {
  redisProxy?.thaw();
  pgProxy?.thaw();
  await web?.stop();
  await Promise.all([redisProxy?.close(), pgProxy?.close()]);
  await t?.drop();
});

describe('web readiness with a hung dependency', () => {
  it('Redis hangs: the check times out and ready is 503 naming redis alone; it answers again: 200', async () => {
    redisProxy.freeze();
    const report = await ready();
    redisProxy.thaw();

    expect(report.status).toBe(503);
    expect(report.body.failing).toEqual(['redis']);
    expect(report.body.checks.redis?.error).toBe(`timed out after ${CHECK_TIMEOUT_MS} ms`);
    // Bounded by the timeout: a hung dependency never hangs the probe.
    expect(report.ms).toBeGreaterThanOrEqual(CHECK_TIMEOUT_MS - 50);
    expect(report.ms).toBeLessThan(CHECK_TIMEOUT_MS + 2_000);
    await until('ready again', async () => (await ready()).status === 200, 10_000);
  });

  it('PostgreSQL hangs: both of its checks time out and are named; it answers again: 200', async () => {
    pgProxy.freeze();
    const report = await ready();
    pgProxy.thaw();

    expect(report.status).toBe(503);
    expect(report.body.failing).toEqual(['postgres', 'migrations']);
    expect(report.body.checks.postgres?.error).toBe(`timed out after ${CHECK_TIMEOUT_MS} ms`);
    expect(report.body.checks.migrations?.error).toBe(`timed out after ${CHECK_TIMEOUT_MS} ms`);
    expect(report.body.checks.redis?.ok).toBe(true);
    expect(report.ms).toBeLessThan(CHECK_TIMEOUT_MS + 2_000);
    await until('ready again', async () => (await ready()).status === 200, 10_000);
  });
});
