// Structured logs: one order's correlation id runs through the web request, the worker's
// handling of every step and the tracking push back to the browser; a sign-in leaves neither
// the password nor the session token in any log.
import { randomUUID } from 'node:crypto';

import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';

import type { AppRouter } from '@tiffin/api';
import type { RunningApp, RunningService } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import {
  freePort,
  signIn,
  startRedis,
  startWeb,
  startWorker,
  trpc,
  waitForHttp,
} from '@tiffin/stack';
import { createTestDatabase, waitUntil as until } from '@tiffin/stack/testing';

const PASSWORD = 'tiffin-demo-1';
const AUTH_SECRET = 'logs-test-secret-0123456789abcdefghijklm';
let t: TestDatabase;
let redis: RunningService;
let web: RunningApp;
let worker: RunningApp;
let port: number;
const webLines: string[] = [];
const workerLines: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = await startRedis({});
  port = await freePort();
  const env = {
    databaseUrl: t.url,
    redisUrl: redis.url,
    authSecret: AUTH_SECRET,
    port,
    // The autopilot runs the kitchen and a simulated courier rides the 1.2 km in a fraction of
    // a second.
    extra: { SIM_SPEED: '200', SIM_COURIER_SPEED_KMH: '100' },
  };
  web = startWeb(env, { sink: (line) => webLines.push(line) });
  worker = startWorker(env, { sink: (line) => workerLines.push(line) });
  await waitForHttp(`http://localhost:${port}/api/health/live`, web);
});
afterAll(async () => {
  await web?.stop();
  await worker?.stop();
  await redis?.stop();
  await t?.drop();
});

function records(lines: string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

describe('logs', () => {
  it('follow one order by its correlation id through web, worker and the tracking push; never log secrets', async () => {
    const baseUrl = `http://localhost:${port}`;
    const cookie = await signIn(baseUrl, 'customer@tiffin.test', PASSWORD);
    const sessionToken = cookie.split('=')[1]!;
    const item = await t.db.menuItem.findFirstOrThrow({
      where: { stock: { gte: 20 }, restaurant: { slug: 'saffron-tandoor' } },
    });
    const correlationId = randomUUID();

    const placed = await trpc<{ orderId: string }>(
      baseUrl,
      'order.place',
      {
        items: [{ menuItemId: item.id, quantity: 1 }],
        deliveryAddress: '3 Log Lane',
        idempotencyKey: randomUUID(),
      },
      { cookie, headers: { 'x-correlation-id': correlationId } },
    );
    expect(placed.status).toBe(200);
    const orderId = placed.data!.orderId;

    // Watch it like a browser does, so the web process pushes each step.
    class CookieWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    const wsClient = createWSClient({
      url: `ws://localhost:${port}/api/trpc-ws`,
      WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    });
    const client = createTRPCClient<AppRouter>({
      links: [wsLink({ client: wsClient, transformer: superjson })],
    });
    let done = false;
    client.order.track.subscribe(
      { orderId },
      { onData: () => undefined, onComplete: () => (done = true) },
    );
    await until('delivered and tracked to the end', () => done);
    void wsClient.close();

    const webOfOrder = records(webLines).filter((r) => r.correlationId === correlationId);
    expect(webOfOrder).toContainEqual(
      expect.objectContaining({
        msg: 'trpc request',
        procedure: 'order.place',
        outcome: 'ok',
        orderId,
        durationMs: expect.any(Number) as unknown,
      }),
    );
    expect(
      webOfOrder.filter((r) => r.msg === 'tracking push' && r.orderId === orderId).length,
    ).toBeGreaterThanOrEqual(4);

    const workerOfOrder = records(workerLines).filter((r) => r.correlationId === correlationId);
    const stepLines = workerOfOrder.filter((r) => r.msg === 'autopilot step');
    expect(stepLines.every((r) => r.orderId === orderId)).toBe(true);
    expect(stepLines.map((r) => r.step)).toEqual([
      'accept',
      'startPreparing',
      'markReady',
      'pickUp',
    ]);
    for (const msg of ['autopilot courier took the delivery', 'autopilot courier delivered']) {
      expect(
        workerOfOrder.filter((r) => r.msg === msg && r.orderId === orderId),
        msg,
      ).toHaveLength(1);
    }
    expect(workerOfOrder.some((r) => r.msg === 'delivery created' && r.orderId === orderId)).toBe(
      true,
    );
    expect(workerOfOrder.some((r) => r.msg === 'order delivered' && r.orderId === orderId)).toBe(
      true,
    );

    const everything = [...webLines, ...workerLines].join('\n');
    const databasePassword = decodeURIComponent(new URL(t.url).password);
    expect(databasePassword.length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, sessionToken, AUTH_SECRET, databasePassword, t.url]) {
      expect(everything).not.toContain(secret);
    }
  });
});
