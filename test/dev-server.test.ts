// `npm run dev` runs the same server.ts as production: in development mode one port serves
// Next's pages with its HMR socket (/_next/hmr, Next 16) next to the tRPC HTTP endpoint and the
// tRPC WebSocket. Next attaches its upgrade listener on its first request, so both sockets are
// checked after a page load, when the two listeners share every upgrade.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import WebSocket from 'ws';

import type { RunningApp } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { freePort, startWeb, waitForHttp } from '@tiffin/stack';
import { createTestDatabase } from '@tiffin/stack/testing';

let t: TestDatabase;
let web: RunningApp;
let base: string;
const output: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  const port = await freePort();
  base = `http://localhost:${port}`;
  web = startWeb(
    {
      databaseUrl: t.url,
      redisUrl: inject('redisUrl'),
      authSecret: 'dev-server-test-secret-0123456789abcdefgh',
      port,
      extra: { NODE_ENV: 'development' },
    },
    { sink: (line) => output.push(line) },
  );
  // The first page is compiled on request, which takes a while on a busy machine.
  await waitForHttp(`${base}/api/health/live`, web, 90_000);
});
afterAll(async () => {
  await web?.stop();
  await t?.drop();
});

/** Opens a WebSocket and returns its first message, or why there was none. */
function firstMessage(url: string, send?: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no message from ${url} in 10 s`));
    }, 10_000);
    ws.on('open', () => {
      if (send !== undefined) ws.send(JSON.stringify(send));
    });
    ws.on('message', (data: Buffer) => {
      clearTimeout(timer);
      ws.close();
      resolve(data.toString('utf8'));
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

it('development mode: a page, Next HMR, and tRPC over HTTP and WebSocket on one port', async () => {
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Saffron Tandoor');

  const hmr = JSON.parse(await firstMessage(`${base.replace('http', 'ws')}/_next/hmr`)) as {
    type?: unknown;
  };
  expect(typeof hmr.type).toBe('string');

  // The socket carries subscriptions: one starts.
  const viaWs = JSON.parse(
    await firstMessage(`${base.replace('http', 'ws')}/api/trpc-ws`, {
      id: 1,
      method: 'subscription',
      params: { path: 'menu.stockChanged', input: { json: { restaurantId: randomUUID() } } },
    }),
  ) as { id: number; result?: { type: string } };
  expect(viaWs).toMatchObject({ id: 1, result: { type: 'started' } });

  const viaHttp = await fetch(`${base}/api/trpc/restaurant.list`);
  expect(viaHttp.status).toBe(200);

  // HMR still answers once the tRPC socket has been through the shared upgrade listeners.
  expect(await firstMessage(`${base.replace('http', 'ws')}/_next/hmr`)).toContain('"type"');
  expect(output.join('\n')).not.toMatch(/failed to start|Another next dev server/);
});
