// notification.live across two web processes (production build) over the real WebSocket, with a
// real worker writing the notifications: the bell on one process hears the kitchen accept an
// order; after a disconnect, a bell on the other process resumes with lastEventId and gets
// exactly what it missed.
import { randomUUID } from 'node:crypto';

import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';

import type { AppRouter, NotificationMessage } from '@tiffin/api';
import type { AppEnv, RunningApp, RunningService } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { placeOrder, transitionOrder } from '@tiffin/domain';
import { freePort, signIn, startRedis, startWeb, startWorker, waitForHttp } from '@tiffin/stack';
import { createTestDatabase, waitUntil as until } from '@tiffin/stack/testing';

type Message = NotificationMessage;

let t: TestDatabase;
let redis: RunningService;
let worker: RunningApp;
const webs: RunningApp[] = [];
let ports: [number, number];
let customerId: string;
let itemId: string;

function appEnv(port: number): AppEnv {
  return {
    databaseUrl: t.url,
    redisUrl: redis.url,
    authSecret: 'notification-test-secret-0123456789abcdef',
    port,
    extra: { SIM_ENABLED: 'false', OUTBOX_SWEEP_MS: '200', CONSUMER_BLOCK_MS: '200' },
  };
}

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = await startRedis({});
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  const item = await t.db.menuItem.findFirstOrThrow({
    where: { restaurant: { slug: 'casa-verde' } },
  });
  await t.db.menuItem.update({ where: { id: item.id }, data: { stock: 10_000 } });
  itemId = item.id;
  ports = [await freePort(), await freePort()];
  worker = startWorker(appEnv(0), { sink: () => undefined });
  for (const port of ports) {
    const web = startWeb(appEnv(port), { sink: () => undefined });
    webs.push(web);
    await waitForHttp(`http://localhost:${port}/`, web);
  }
}, 120_000);
afterAll(async () => {
  await Promise.all(webs.map((w) => w.stop()));
  await worker?.stop();
  await redis?.stop();
  await t?.drop();
});

/** A new order, accepted by its kitchen: the customer is told it is confirmed. */
async function confirmedOrder(): Promise<string> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: itemId, quantity: 1 }],
      deliveryAddress: '2 Bell Row',
      idempotencyKey: randomUUID(),
    },
    { userId: customerId },
  );
  await t.db.$transaction((tx) =>
    transitionOrder(tx, order.orderId, 'created', 'confirmed', 'autopilot'),
  );
  return order.orderId;
}

/** A signed-in bell: what a browser does, from Node. */
function bell(port: number, cookie: string) {
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const wsClient = createWSClient({
    url: `ws://localhost:${port}/api/trpc-ws`,
    WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 200,
  });
  const client = createTRPCClient<AppRouter>({
    links: [wsLink({ client: wsClient, transformer: superjson })],
  });
  const received: { id: string; data: Message }[] = [];
  return {
    received,
    listen(lastEventId?: string) {
      client.notification.live.subscribe(lastEventId ? { lastEventId } : undefined, {
        onData: (message) => received.push(message),
      });
    },
    close: () => void wsClient.close(),
  };
}

const orderIdsOf = (messages: { data: Message }[]) =>
  messages.flatMap((m) => (m.data.kind === 'notification' ? [m.data.notification.orderId] : []));

describe('notification.live across two web processes', () => {
  it('rings live on one, and resumes on the other with exactly what was missed', async () => {
    const cookie = await signIn(
      `http://localhost:${ports[0]}`,
      'customer@tiffin.test',
      'tiffin-demo-1',
    );
    const first = bell(ports[0], cookie);
    first.listen();
    await until('subscribed', () => first.received.length >= 1, 15_000);
    expect(first.received[0]!.data).toMatchObject({ kind: 'subscribed' });
    const unreadBefore = first.received[0]!.data.unread;

    const live = await confirmedOrder();
    await until('the live notification', () => first.received.length >= 2, 15_000);
    expect(first.received[1]!.data).toMatchObject({
      kind: 'notification',
      unread: unreadBefore + 1,
      notification: { kind: 'order_confirmed', orderId: live, link: `/orders/${live}` },
    });
    const lastEventId = first.received[1]!.id;
    first.close();

    // Away: two more orders are confirmed, then the bell comes back through the other process.
    const missed = [await confirmedOrder(), await confirmedOrder()];
    await until('both written', async () => {
      const rows = await t.db.notification.count({ where: { orderId: { in: missed } } });
      return rows === 2;
    });
    const second = bell(ports[1], cookie);
    second.listen(lastEventId);
    await until('the missed ones', () => second.received.length >= 2, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(orderIdsOf(second.received)).toEqual(missed);
    expect(second.received.at(-1)!.data).toMatchObject({ unread: unreadBefore + 3 });
    second.close();
  });
});
