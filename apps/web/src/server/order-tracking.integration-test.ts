// Live tracking over the real WebSocket endpoint: real web processes (production build), a real
// worker (simulator off, so the test drives each step), this file's own Redis, and a Node tRPC
// client signed in with a real next-auth cookie.
import type { TRPCClientError } from '@trpc/client';
import { randomUUID } from 'node:crypto';

import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';

import type { AppRouter, TrackingMessage } from '@tiffin/api';
import type { DeliveryStatus, OrderStatus } from '@tiffin/db';
import type { AppEnv, RunningApp, RunningService } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { placeOrder, transitionDelivery, transitionOrder } from '@tiffin/domain';
import { freePort, signIn, startRedis, startWeb, startWorker, waitForHttp } from '@tiffin/stack';
import { createTestDatabase, waitUntil as until } from '@tiffin/stack/testing';

let t: TestDatabase;
let redis: RunningService;
let worker: RunningApp;
const webs = new Map<number, RunningApp>();
let customerId: string;
let courierId: string;
let itemId: string;
/** A dish of Saffron Tandoor, the restaurant staff@tiffin.test works for. */
let staffItemId: string;

function appEnv(port: number, extra: Record<string, string> = {}): AppEnv {
  return {
    databaseUrl: t.url,
    redisUrl: redis.url,
    authSecret: 'tracking-test-secret-0123456789abcdefghij',
    port,
    extra: { SIM_ENABLED: 'false', OUTBOX_SWEEP_MS: '200', CONSUMER_BLOCK_MS: '200', ...extra },
  };
}

async function startWebOn(port: number, extra: Record<string, string> = {}) {
  const web = startWeb(appEnv(port, extra), { sink: () => undefined });
  webs.set(port, web);
  await waitForHttp(`http://localhost:${port}/`, web);
  return web;
}

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = await startRedis({});
  const item = await t.db.menuItem.findFirstOrThrow({
    where: { restaurant: { slug: 'casa-verde' } },
  });
  const staffItem = await t.db.menuItem.findFirstOrThrow({
    where: { restaurant: { slug: 'saffron-tandoor' } },
  });
  await t.db.menuItem.updateMany({
    where: { id: { in: [item.id, staffItem.id] } },
    data: { stock: 10_000 },
  });
  itemId = item.id;
  staffItemId = staffItem.id;
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  courierId = (await t.db.user.findUniqueOrThrow({ where: { email: 'courier@tiffin.test' } })).id;
  worker = startWorker(appEnv(0), { sink: () => undefined });
});
afterAll(async () => {
  await Promise.all([...webs.values()].map((w) => w.stop()));
  await worker?.stop();
  await redis?.stop();
  await t?.drop();
});

async function newOrder(menuItemId = itemId): Promise<string> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId, quantity: 1 }],
      deliveryAddress: '1 Live Lane',
      idempotencyKey: randomUUID(),
    },
    { userId: customerId },
  );
  return order.orderId;
}

async function step(orderId: string, from: OrderStatus, to: OrderStatus) {
  await t.db.$transaction((tx) => transitionOrder(tx, orderId, from, to, 'staff:test'));
}

async function deliveryStep(
  orderId: string,
  from: DeliveryStatus,
  to: DeliveryStatus,
  courierId?: string,
) {
  const delivery = await until('the delivery', () =>
    t.db.delivery.findUnique({ where: { orderId } }),
  );
  await t.db.$transaction((tx) =>
    transitionDelivery(tx, delivery.id, from, to, 'courier:test', courierId ? { courierId } : {}),
  );
}

interface Received {
  id: string;
  data: TrackingMessage;
}

/** A signed-in tracking client: what a browser does, from Node. */
function trackingClient(port: number, cookie: string | undefined, opts: { retryMs?: number } = {}) {
  const headers = cookie ? { cookie } : {};
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const wsClient = createWSClient({
    url: `ws://localhost:${port}/api/trpc-ws`,
    WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => opts.retryMs ?? 200,
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 3_000 },
  });
  const client = createTRPCClient<AppRouter>({
    links: [wsLink({ client: wsClient, transformer: superjson })],
  });
  const received: Received[] = [];
  let error: TRPCClientError<AppRouter> | undefined;
  let completed = false;
  return {
    received,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    track(orderId: string, lastEventId?: string) {
      return client.order.track.subscribe(
        { orderId, ...(lastEventId ? { lastEventId } : {}) },
        {
          // Courier positions come untracked (no id to resume from); these flows have none.
          onData: (message) => {
            if ('data' in message) received.push(message);
          },
          onError: (e) => (error = e),
          onComplete: () => (completed = true),
        },
      );
    },
    close() {
      void wsClient.close();
    },
  };
}

/** Whether stream ids ("ms-seq") strictly increase, compared as numbers, not as strings. */
function numericallyIncreasing(ids: string[]): boolean {
  const parts = ids.map((id) => id.split('-').map(Number) as [number, number]);
  return parts.slice(1).every(([ms, seq], i) => {
    const [prevMs, prevSeq] = parts[i]!;
    return ms > prevMs || (ms === prevMs && seq > prevSeq);
  });
}

const kinds = (messages: Received[]) =>
  messages.map((m) =>
    m.data.kind === 'order_status' || m.data.kind === 'delivery_status'
      ? `${m.data.kind}:${m.data.to}`
      : m.data.kind,
  );

describe('order.track', () => {
  let port: number;
  let cookie: string;

  beforeAll(async () => {
    port = await freePort();
    await startWebOn(port);
    cookie = await signIn(`http://localhost:${port}`, 'customer@tiffin.test', 'tiffin-demo-1');
  });

  it('resume: snapshot and two steps, then exactly the missed steps after reconnecting with lastEventId', async () => {
    const orderId = await newOrder();
    const first = trackingClient(port, cookie);
    first.track(orderId);
    await until('snapshot', () => first.received.length >= 1);
    expect(first.received[0]!.data).toMatchObject({
      kind: 'snapshot',
      status: 'created',
      version: 1,
    });

    // Confirmed: the worker adds the delivery, so couriers are offered it while the food cooks.
    await step(orderId, 'created', 'confirmed');
    await until('the delivery', () => first.received.length >= 3);
    await step(orderId, 'confirmed', 'preparing');
    await until('three steps', () => first.received.length >= 4);
    expect(kinds(first.received)).toEqual([
      'snapshot',
      'order_status:confirmed',
      'delivery_created',
      'order_status:preparing',
    ]);
    first.close();
    const lastEventId = first.received.at(-1)!.id;

    // While it is away: the food is ready, a courier claims it and picks it up.
    await step(orderId, 'preparing', 'ready_for_pickup');
    await deliveryStep(orderId, 'waiting', 'assigned', courierId);
    await step(orderId, 'ready_for_pickup', 'out_for_delivery');
    await deliveryStep(orderId, 'assigned', 'on_the_way');
    await new Promise((r) => setTimeout(r, 500));

    const again = trackingClient(port, cookie);
    again.track(orderId, lastEventId);
    await until('the missed steps', () => again.received.length >= 4);
    await new Promise((r) => setTimeout(r, 300));
    // Order and delivery events travel on two streams: each keeps its own order, and the two
    // may interleave either way when their steps are milliseconds apart.
    const missed = kinds(again.received);
    expect(missed).toHaveLength(4);
    expect(missed.filter((kind) => kind.startsWith('order_status:'))).toEqual([
      'order_status:ready_for_pickup',
      'order_status:out_for_delivery',
    ]);
    expect(missed.filter((kind) => kind.startsWith('delivery_status:'))).toEqual([
      'delivery_status:assigned',
      'delivery_status:on_the_way',
    ]);
    const ids = again.received.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(numericallyIncreasing([lastEventId, ...ids])).toBe(true);

    // Live from there, to the end: the subscription completes when the order is delivered.
    await deliveryStep(orderId, 'on_the_way', 'delivered');
    await until('completed', () => again.completed);
    expect(kinds(again.received).slice(4)).toEqual([
      'delivery_status:delivered',
      'order_status:delivered',
    ]);
    again.close();
  });

  it('authorization: no cookie is UNAUTHORIZED, a tampered cookie is UNAUTHORIZED, another customer is FORBIDDEN', async () => {
    const orderId = await newOrder();
    const anonymous = trackingClient(port, undefined);
    anonymous.track(orderId);
    const tampered = trackingClient(port, cookie.slice(0, -6) + 'AAAAAA');
    tampered.track(orderId);
    const otherCookie = await signIn(
      `http://localhost:${port}`,
      'customer2@tiffin.test',
      'tiffin-demo-1',
    );
    const other = trackingClient(port, otherCookie);
    other.track(orderId);

    await until('three errors', () => anonymous.error && tampered.error && other.error);
    expect(anonymous.error?.data?.code).toBe('UNAUTHORIZED');
    expect(tampered.error?.data?.code).toBe('UNAUTHORIZED');
    expect(other.error?.data?.code).toBe('FORBIDDEN');
    for (const c of [anonymous, tampered, other]) {
      expect(c.received).toEqual([]);
      c.close();
    }
  });

  it('authorization: staff of its restaurant, its courier and an admin get the snapshot; staff of another restaurant is FORBIDDEN', async () => {
    const baseUrl = `http://localhost:${port}`;
    const [staffCookie, courierCookie, adminCookie] = await Promise.all(
      ['staff@tiffin.test', 'courier@tiffin.test', 'admin@tiffin.test'].map((email) =>
        signIn(baseUrl, email, 'tiffin-demo-1'),
      ),
    );
    const staffOrder = await newOrder(staffItemId);
    // Casa Verde's order goes out; its delivery (created by the worker) is given to the courier.
    const otherOrder = await newOrder();
    await step(otherOrder, 'created', 'confirmed');
    await step(otherOrder, 'confirmed', 'preparing');
    await step(otherOrder, 'preparing', 'ready_for_pickup');
    const delivery = await until('the delivery', () =>
      t.db.delivery.findUnique({ where: { orderId: otherOrder } }),
    );
    await t.db.delivery.update({ where: { id: delivery.id }, data: { courierId } });

    const staff = trackingClient(port, staffCookie);
    staff.track(staffOrder);
    const otherStaff = trackingClient(port, staffCookie);
    otherStaff.track(otherOrder);
    const courier = trackingClient(port, courierCookie);
    courier.track(otherOrder);
    const admin = trackingClient(port, adminCookie);
    admin.track(otherOrder);

    await until(
      'three snapshots and one error',
      () => staff.received[0] && courier.received[0] && admin.received[0] && otherStaff.error,
    );
    expect(staff.received[0]!.data).toMatchObject({ kind: 'snapshot', orderId: staffOrder });
    expect(courier.received[0]!.data).toMatchObject({
      kind: 'snapshot',
      orderId: otherOrder,
      status: 'ready_for_pickup',
      delivery: { id: delivery.id, courierId },
    });
    expect(admin.received[0]!.data).toMatchObject({ kind: 'snapshot', orderId: otherOrder });
    for (const c of [staff, courier, admin]) expect(c.error).toBeUndefined();
    expect(otherStaff.error?.data?.code).toBe('FORBIDDEN');
    expect(otherStaff.received).toEqual([]);
    for (const c of [staff, otherStaff, courier, admin]) c.close();
  });

  it('two web processes: a step seen on A, then a reconnect to B with lastEventId continues without a gap', async () => {
    const portB = await freePort();
    await startWebOn(portB);
    const orderId = await newOrder();
    const onA = trackingClient(port, cookie);
    onA.track(orderId);
    await until('snapshot on A', () => onA.received.length >= 1);
    await step(orderId, 'created', 'confirmed');
    await until('confirmed and its delivery on A', () => onA.received.length >= 3);
    onA.close();
    const lastEventId = onA.received.at(-1)!.id;

    await step(orderId, 'confirmed', 'preparing');
    const onB = trackingClient(portB, cookie);
    onB.track(orderId, lastEventId);
    await until('preparing on B', () => onB.received.length >= 1);
    await step(orderId, 'preparing', 'ready_for_pickup');
    await until('ready on B', () => onB.received.length >= 2);
    expect(kinds(onB.received)).toEqual([
      'order_status:preparing',
      'order_status:ready_for_pickup',
    ]);
    onB.close();
  });

  it('restart: SIGTERM while subscribed, start again; the client reconnects by itself and misses nothing', async () => {
    const restartPort = await freePort();
    await startWebOn(restartPort);
    const restartCookie = await signIn(
      `http://localhost:${restartPort}`,
      'customer@tiffin.test',
      'tiffin-demo-1',
    );
    const orderId = await newOrder();
    const client = trackingClient(restartPort, restartCookie);
    client.track(orderId);
    await until('snapshot', () => client.received.length >= 1);
    await step(orderId, 'created', 'confirmed');
    await until('confirmed and its delivery', () => client.received.length >= 3);

    const web = webs.get(restartPort)!;
    await web.stop('SIGTERM');
    expect(await web.exited).toBe(0);
    await step(orderId, 'confirmed', 'preparing');
    await startWebOn(restartPort);

    await until('preparing after the restart', () => client.received.length >= 4, 30_000);
    await step(orderId, 'preparing', 'ready_for_pickup');
    await until('ready for pickup', () => client.received.length >= 5);
    expect(kinds(client.received)).toEqual([
      'snapshot',
      'order_status:confirmed',
      'delivery_created',
      'order_status:preparing',
      'order_status:ready_for_pickup',
    ]);
    client.close();
  });
});

describe('WebSocket keepAlive', () => {
  it('drops a client that never answers pings after pingMs + pongWaitMs', async () => {
    const port = await freePort();
    await startWebOn(port, { WS_PING_MS: '300', WS_PONG_WAIT_MS: '300' });
    const socket = new WebSocket(`ws://localhost:${port}/api/trpc-ws`);
    const opened = await new Promise<number>((resolve) =>
      socket.once('open', () => resolve(Date.now())),
    );
    const pings: string[] = [];
    // Text frames arrive as one Buffer.
    socket.on('message', (data: Buffer) => pings.push(data.toString('utf8')));
    const closedAfter = await new Promise<number>((resolve) =>
      socket.once('close', () => resolve(Date.now() - opened)),
    );
    expect(pings).toContain('PING');
    // ~600 ms (300 + 300), with slack for a busy machine; an unwired pongWaitMs (5 s) fails.
    expect(closedAfter).toBeGreaterThanOrEqual(550);
    expect(closedAfter).toBeLessThan(4_000);
  });
});
