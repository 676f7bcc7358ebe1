// SIGTERM under load. Web: every request in flight completes, requests arriving during the drain
// are answered, WebSocket clients are told to reconnect (close 1012), then it exits 0. Worker: it
// stops reading, finishes the handler in flight and exits 0; what it leaves pending is reclaimed
// by the next worker, so every order still arrives and no group keeps a pending message.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';

import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';

import type { AppEnv, RunningService } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { placeOrder } from '@tiffin/domain';
import { eventStreamPartitions, streamPartitions, STREAMS } from '@tiffin/events';
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
import { autopilotConsumer } from '@tiffin/worker/consumers';

const AUTOPILOT_GROUP = autopilotConsumer.group;

let t: TestDatabase;
let redis: RunningService;
let env: AppEnv;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pending (delivered, unacknowledged) message ids of one group, oldest first. */
/** Pending message ids of a group over every partition of a logical stream. */
async function pendingIds(client: Redis, stream: string, group: string): Promise<string[]> {
  const ids: string[] = [];
  for (const partition of streamPartitions(stream)) {
    const entries = (await client.xpending(partition, group, '-', '+', 1000).catch(() => [])) as [
      string,
      ...unknown[],
    ][];
    ids.push(...entries.map(([id]) => `${partition}/${id}`));
  }
  return ids;
}

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), { poolSize: 10 });
  redis = await startRedis({});
  env = {
    databaseUrl: t.url,
    redisUrl: redis.url,
    authSecret: 'shutdown-test-secret-0123456789abcdefghij',
    port: await freePort(),
    extra: {
      // A load test: one customer places 43 orders in a second, far over the per-user limit.
      ORDERS_PER_USER_PER_MINUTE: '100000',
      SIM_SPEED: '500',
      // A 1.2 km ride in a few milliseconds: orders reach delivered by themselves.
      SIM_COURIER_SPEED_KMH: '500',
      CONSUMER_CLAIM_IDLE_MS: '1000',
      CONSUMER_BLOCK_MS: '200',
      TIMER_LEASE_MS: '1500',
    },
  };
  await t.db.menuItem.updateMany({ data: { stock: 100_000 } });
  // Kaze Ramen keeps hours (it refuses orders at night); every restaurant is open for these tests.
  await t.db.openingHours.deleteMany();
});
afterAll(async () => {
  await redis?.stop();
  await t?.drop();
});

describe('graceful shutdown', () => {
  it('web: SIGTERM with 40 orders in flight: all succeed, requests during the drain are answered, WS clients get the reconnect notice and 1012, exit 0', async () => {
    const web = startWeb(env, { sink: () => undefined });
    const baseUrl = `http://localhost:${env.port}`;
    await waitForHttp(`${baseUrl}/api/health/live`, web);
    const cookie = await signIn(baseUrl, 'customer@tiffin.test', 'tiffin-demo-1');
    const item = await t.db.menuItem.findFirstOrThrow();
    const place = () =>
      trpc(
        baseUrl,
        'order.place',
        {
          items: [{ menuItemId: item.id, quantity: 1 }],
          deliveryAddress: '5 Shutdown Street',
          idempotencyKey: randomUUID(),
        },
        { cookie },
      );

    // A browser tab with the tracking socket open.
    const socket = new WebSocket(`ws://localhost:${env.port}/api/trpc-ws`, { headers: { cookie } });
    await once(socket, 'open');
    const received: unknown[] = [];
    socket.on('message', (data: Buffer) => received.push(JSON.parse(data.toString())));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );

    const inFlight = Array.from({ length: 40 }, place);
    // Let the requests reach the server, then ask it to stop.
    await sleep(30);
    process.kill(web.child.pid!, 'SIGTERM');
    // Clients that have not heard yet keep sending while the server drains (DRAIN_MS = 1.5s).
    const duringDrain = [100, 300, 600].map((ms) => sleep(ms).then(place));
    const readiness = sleep(200).then(() => fetch(`${baseUrl}/api/health/ready`));
    const replies = await Promise.all(inFlight);
    const drainReplies = await Promise.all(duringDrain);

    expect(replies.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(drainReplies.map((r) => r.status)).toEqual([200, 200, 200]);
    const ready = await readiness;
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ failing: ['shutting_down'] });
    expect(received).toContainEqual({ id: null, method: 'reconnect' });
    expect(await closed).toEqual({ code: 1012, reason: 'server restarting' });
    expect(await web.exited).toBe(0);
    expect(await t.db.order.count()).toBe(43);
  });

  it('worker: SIGTERM with a handler in flight: it finishes it, exits 0; the next worker takes the rest, every order is delivered once, nothing stays pending', async () => {
    const redisClient = new Redis(redis.url);
    let firstReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (firstReady = resolve));
    const first = startWorker(env, {
      sink: (line) => (line.includes('"worker ready"') ? firstReady() : undefined),
    });
    // Its signal handlers exist once it runs; a SIGTERM during module loading would just kill it.
    await ready;
    const customerId = (
      await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })
    ).id;
    const item = await t.db.menuItem.findFirstOrThrow();
    // The autopilot's handler records each event in the inbox first: holding that table makes
    // its handler wait in the middle of its transaction, so work is surely in flight at SIGTERM.
    const lock = new pg.Client({ connectionString: t.url });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE "InboxEntry" IN EXCLUSIVE MODE');
    let locked = true;
    try {
      const orderIds: string[] = [];
      for (let i = 0; i < 60; i++) {
        const { order } = await placeOrder(
          t.db,
          {
            items: [{ menuItemId: item.id, quantity: 1 }],
            deliveryAddress: '5 Shutdown Street',
            idempotencyKey: randomUUID(),
          },
          { userId: customerId },
        );
        orderIds.push(order.orderId);
      }
      const held = await until('an autopilot handler in flight', async () => {
        const ids = await pendingIds(redisClient, STREAMS.orders, AUTOPILOT_GROUP);
        return ids.length > 0 ? ids : null;
      });
      const inFlightId = held[0]!; // handled in stream order, so the oldest pending one

      const stopping = first.stop('SIGTERM');
      await sleep(500);
      // Still running: it waits for the handler instead of dropping it.
      expect(first.child.exitCode).toBeNull();
      await lock.query('COMMIT');
      locked = false;
      await stopping;
      expect(await first.exited).toBe(0);
      // The handler that was in flight finished and was acknowledged before the exit.
      expect(await pendingIds(redisClient, STREAMS.orders, AUTOPILOT_GROUP)).not.toContain(
        inFlightId,
      );

      const second = startWorker(env, { sink: () => undefined });
      try {
        const deadline = Date.now() + 90_000;
        while (
          (await t.db.order.count({ where: { id: { in: orderIds }, status: 'delivered' } })) <
          orderIds.length
        ) {
          if (Date.now() > deadline)
            throw new Error('not every order was delivered after the restart');
          await sleep(200);
        }
        const histories = await t.db.orderStatusChange.groupBy({
          by: ['orderId'],
          where: { orderId: { in: orderIds } },
          _count: { _all: true },
        });
        // created, confirmed, preparing, ready_for_pickup, out_for_delivery, delivered: once each.
        expect(histories).toHaveLength(orderIds.length);
        expect(histories.every((h) => h._count._all === 6)).toBe(true);
        // Whatever the first worker left pending was reclaimed and acknowledged: no group on
        // any event stream keeps a message in its pending list.
        await until('every pending list empty', async () => {
          for (const stream of eventStreamPartitions()) {
            const groups = (await redisClient.xinfo('GROUPS', stream)) as unknown[][];
            for (const group of groups) {
              if (group[group.indexOf('pending') + 1] !== 0) return false;
            }
          }
          return true;
        });
      } finally {
        await second.stop();
      }
    } finally {
      if (locked) await lock.query('ROLLBACK');
      await lock.end();
      redisClient.disconnect();
    }
  });
});
