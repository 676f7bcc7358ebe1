// Structured logs: one order's correlation id runs through the web request, the worker's
// handling of every step and the tracking push back to the browser; a sign-in leaves neither
// the password nor the session token in any log.
import { randomUUID } from 'node:crypto';

import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import type { AppRouter } from '@tiffin/api';
import type { TestStack } from '@tiffin/stack/testing';
import { signIn, trpc } from '@tiffin/stack';
import { jsonRecords, startTestStack, waitUntil as until } from '@tiffin/stack/testing';

const PASSWORD = 'tiffin-demo-1';
const AUTH_SECRET = 'logs-test-secret-0123456789abcdefghijklm';
let stack: TestStack;

beforeAll(async () => {
  // The autopilot runs the kitchen and a simulated courier rides the 1.2 km in a fraction of
  // a second.
  stack = await startTestStack({
    authSecret: AUTH_SECRET,
    extra: { SIM_SPEED: '200', SIM_COURIER_SPEED_KMH: '100' },
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('logs', () => {
  it('follow one order by its correlation id through web, worker and the tracking push; never log secrets', async () => {
    const { t, port, baseUrl, webLines, workerLines } = stack;
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

    const webOfOrder = jsonRecords(webLines).filter((r) => r.correlationId === correlationId);
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

    const workerOfOrder = jsonRecords(workerLines).filter((r) => r.correlationId === correlationId);
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
