// Its own redis-server: the real stream names, with no other test file's writes in the counts.
import { randomUUID } from 'node:crypto';

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import type { Envelope, RedisClient } from '@tiffin/events';
import type { OwnTestRedis, TestDatabase } from '@tiffin/stack/testing';
import {
  createEnvelope,
  deadLetterStreamFor,
  eventStream,
  partitionStream,
  publish,
  STREAMS,
  WorkerPresence,
} from '@tiffin/events';
import { createTestDatabase, flushTestRedis, startOwnTestRedis } from '@tiffin/stack/testing';

import type { SessionUser, TRPCContext } from '../trpc';
import { appRouter } from '../root';
import { createCallerFactory } from '../trpc';

let t: TestDatabase;
let redisServer: OwnTestRedis;
let redis: RedisClient;
let customer: SessionUser;
let staff: SessionUser;
let courier: SessionUser;
let admin: SessionUser;

const createCaller = createCallerFactory(appRouter);
const callerFor = (
  user: SessionUser | null,
  environment: TRPCContext['environment'],
  overrides: Partial<TRPCContext> = {},
) =>
  createCaller({
    db: t.db,
    user,
    correlationId: randomUUID(),
    tracking: null,
    redis,
    ...(environment ? { environment } : {}),
    ...overrides,
  });

/** One restaurant for every order, so the orders share a partition and their ids one sequence. */
const RESTAURANT_ID = randomUUID();

function orderCreated(orderId = randomUUID()): Envelope<'order.created.v1'> {
  return createEnvelope(
    'order.created.v1',
    {
      orderId,
      userId: randomUUID(),
      restaurantId: RESTAURANT_ID,
      totalCents: 900,
      lines: [{ menuItemId: randomUUID(), name: 'Thali', quantity: 1, unitPriceCents: 900 }],
    },
    { correlationId: randomUUID(), source: 'test' },
  );
}

function deliveryCreated(orderId: string): Envelope<'delivery.created.v1'> {
  return createEnvelope(
    'delivery.created.v1',
    {
      deliveryId: randomUUID(),
      orderId,
      restaurantId: randomUUID(),
      courierId: null,
      at: new Date().toISOString(),
    },
    { correlationId: randomUUID(), source: 'test' },
  );
}

beforeAll(async () => {
  [t, redisServer] = await Promise.all([
    createTestDatabase(inject('pgAdminUrl')),
    startOwnTestRedis(),
  ]);
  redis = redisServer.connect();
  [customer, staff, courier, admin] = (await Promise.all(
    ['customer', 'staff', 'courier', 'admin'].map((name) =>
      t.db.user.findUniqueOrThrow({
        where: { email: `${name}@tiffin.test` },
        select: { id: true, email: true, name: true, role: true, restaurantId: true },
      }),
    ),
  )) as [SessionUser, SessionUser, SessionUser, SessionUser];
});
afterEach(async () => {
  await flushTestRedis(redis);
});
afterAll(async () => {
  redis?.disconnect();
  await redisServer?.stop();
  await t?.drop();
});

describe('dev.overview', () => {
  it('shows per stream its length, groups with pending and lag, and the newest events first', async () => {
    const orders = [orderCreated(), orderCreated(), orderCreated()];
    const orderIds: string[] = [];
    for (const envelope of orders) orderIds.push(await publish(redis, envelope));
    const delivery = deliveryCreated(orders[0]?.payload.orderId ?? '');
    const deliveryId = await publish(redis, delivery);
    // The tracking group has read two orders and acked none: 2 pending, 1 not yet delivered.
    const partition = eventStream(orders[0]!);
    await redis.xgroup('CREATE', partition, 'tracking', '0');
    await redis.xreadgroup('GROUP', 'tracking', 'c1', 'COUNT', 2, 'STREAMS', partition, '>');

    const overview = await callerFor(null, 'development').dev.overview();

    const summary = (id: string, envelope: Envelope) => ({
      id,
      type: envelope.type,
      eventId: envelope.eventId,
      correlationId: envelope.correlationId,
      orderId: (envelope.payload as { orderId: string }).orderId,
      occurredAt: envelope.occurredAt,
      error: null,
    });
    expect(overview.streams).toEqual([
      {
        stream: STREAMS.orders,
        label: 'orders',
        length: 3,
        groups: [
          {
            name: 'tracking',
            consumers: 1,
            pending: 2,
            lag: 1,
            lastDeliveredId: orderIds[1],
          },
        ],
        recent: [2, 1, 0].map((i) => summary(orderIds[i] ?? '', orders[i] as Envelope)),
      },
      {
        stream: STREAMS.deliveries,
        label: 'deliveries',
        length: 1,
        groups: [],
        recent: [summary(deliveryId, delivery)],
      },
      { stream: STREAMS.menu, label: 'menu', length: 0, groups: [], recent: [] },
      { stream: STREAMS.accounts, label: 'accounts', length: 0, groups: [], recent: [] },
    ]);
    expect(overview.links).toEqual({
      webLive: '/api/health/live',
      webReady: '/api/health/ready',
      metrics: '/api/metrics',
    });
    expect(overview.environment).toBe('development');
    expect(Date.parse(overview.generatedAt)).not.toBeNaN();
  });

  it('keeps the 15 newest events per stream', async () => {
    const envelopes = Array.from({ length: 20 }, () => orderCreated());
    for (const envelope of envelopes) await publish(redis, envelope);

    const [orders] = (await callerFor(null, 'development').dev.overview()).streams;

    expect(orders?.length).toBe(20);
    expect(orders?.recent.map((e) => e.eventId)).toEqual(
      envelopes
        .slice(-15)
        .reverse()
        .map((e) => e.eventId),
    );
  });

  it('shows the dead-letter count and the newest failures, without their envelopes', async () => {
    const orders = partitionStream(STREAMS.orders, 0);
    for (const error of ['first failure', 'second failure']) {
      await redis.xadd(
        deadLetterStreamFor(orders),
        '*',
        ...['originalStream', orders, 'group', 'simulator', 'originalId', '1-0'],
        ...['type', 'order.created.v1', 'envelope', JSON.stringify(orderCreated())],
        ...['error', error, 'attempts', '5', 'failedAt', '2025-01-01T00:00:00.000Z'],
      );
    }

    const { deadLetters } = await callerFor(null, 'development').dev.overview();

    expect(deadLetters).toEqual({
      stream: null,
      size: 2,
      recent: ['second failure', 'first failure'].map((error) => ({
        id: expect.any(String),
        type: 'order.created.v1',
        originalStream: orders,
        group: 'simulator',
        error,
        attempts: 5,
        failedAt: '2025-01-01T00:00:00.000Z',
      })),
    });
  });

  it('lists the live workers with the simulator settings in force', async () => {
    const simulator = {
      enabled: true,
      settings: { speed: 4, confirm: { baseMs: 4_000, jitterMs: 1_500 } },
    };
    const presence = new WorkerPresence({ redis, simulator, id: 'worker-1' });
    await presence.start();

    const running = await callerFor(null, 'development').dev.overview();
    await presence.stop();
    const stopped = await callerFor(null, 'development').dev.overview();

    expect(running.workers).toEqual([
      {
        id: 'worker-1',
        host: expect.any(String),
        pid: process.pid,
        startedAt: expect.any(String),
        lastSeenAt: expect.any(String),
        simulator,
      },
    ]);
    expect(stopped.workers).toEqual([]);
  });

  it('in development and test anyone may call it, signed in or not', async () => {
    for (const environment of ['development', 'test'] as const) {
      for (const user of [null, customer, admin]) {
        await expect(callerFor(user, environment).dev.overview()).resolves.toMatchObject({
          environment,
        });
      }
    }
  });

  it('in production only admins may: anonymous is UNAUTHORIZED, every other role FORBIDDEN', async () => {
    await expect(callerFor(null, 'production').dev.overview()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    for (const user of [customer, staff, courier]) {
      await expect(callerFor(user, 'production').dev.overview()).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    await expect(callerFor(admin, 'production').dev.overview()).resolves.toMatchObject({
      environment: 'production',
    });
  });

  it('a context that names no environment is treated as production', async () => {
    await expect(callerFor(customer, undefined).dev.overview()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(callerFor(admin, undefined).dev.overview()).resolves.toMatchObject({
      environment: 'production',
    });
  });

  it('without a Redis connection it fails as a server error, after the access check', async () => {
    await expect(
      callerFor(customer, 'production', { redis: null }).dev.overview(),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      callerFor(admin, 'production', { redis: null }).dev.overview(),
    ).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
