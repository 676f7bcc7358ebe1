// SIGTERM under load. Web: every request already in flight completes, then the process exits 0.
// Worker: it stops reading, finishes its handlers and exits 0; what it leaves pending is
// reclaimed by the next worker, so every order still arrives.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { placeOrder } from '../packages/db/src/index';
import { createTestDatabase } from '../packages/db/src/testing/test-database';
import type { TestDatabase } from '../packages/db/src/testing/test-database';
import { freePort, startRedis } from '../scripts/lib/services';
import type { RunningService } from '../scripts/lib/services';
import { signIn, trpc } from '../scripts/lib/session';
import { startWeb, startWorker, waitForHttp } from '../scripts/lib/stack';
import type { AppEnv } from '../scripts/lib/stack';

let t: TestDatabase;
let redis: RunningService;
let env: AppEnv;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), { poolSize: 10 });
  redis = await startRedis({});
  env = {
    databaseUrl: t.url,
    redisUrl: redis.url,
    authSecret: 'shutdown-test-secret-0123456789abcdefghij',
    port: await freePort(),
    extra: {
      SIM_SPEED: '500',
      CONSUMER_CLAIM_IDLE_MS: '1000',
      CONSUMER_BLOCK_MS: '200',
      TIMER_LEASE_MS: '1500',
    },
  };
  await t.db.menuItem.updateMany({ data: { stock: 100_000 } });
});
afterAll(async () => {
  await redis?.stop();
  await t?.drop();
});

describe('graceful shutdown', () => {
  it('web: SIGTERM while 40 orders are in flight; all 40 succeed and it exits 0', async () => {
    const web = startWeb(env, { sink: () => undefined });
    const baseUrl = `http://localhost:${env.port}`;
    await waitForHttp(`${baseUrl}/api/health/live`, web);
    const cookie = await signIn(baseUrl, 'customer@tiffin.test', 'tiffin-demo-1');
    const item = await t.db.menuItem.findFirstOrThrow();

    const inFlight = Array.from({ length: 40 }, () =>
      trpc(
        baseUrl,
        'order.place',
        {
          items: [{ menuItemId: item.id, quantity: 1 }],
          deliveryAddress: '5 Shutdown Street',
          idempotencyKey: randomUUID(),
        },
        { cookie },
      ),
    );
    // Let the requests reach the server, then ask it to stop.
    await new Promise((r) => setTimeout(r, 30));
    process.kill(web.child.pid!, 'SIGTERM');
    const replies = await Promise.all(inFlight);

    expect(replies.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(await web.exited).toBe(0);
    expect(await t.db.order.count()).toBe(40);
  });

  it('worker: SIGTERM mid-load exits 0; what it leaves is reclaimed, and every order is delivered once', async () => {
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
    await new Promise((r) => setTimeout(r, 400));
    await first.stop('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startWorker(env, { sink: () => undefined });
    try {
      const deadline = Date.now() + 90_000;
      while (
        (await t.db.order.count({ where: { id: { in: orderIds }, status: 'delivered' } })) <
        orderIds.length
      ) {
        if (Date.now() > deadline)
          throw new Error('not every order was delivered after the restart');
        await new Promise((r) => setTimeout(r, 200));
      }
      const histories = await t.db.orderStatusChange.groupBy({
        by: ['orderId'],
        where: { orderId: { in: orderIds } },
        _count: { _all: true },
      });
      expect(histories.every((h) => h._count._all === 5)).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
