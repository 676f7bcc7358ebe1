// qa.* through tRPC's real fetch handler (so the error formatter shapes every reply), against a
// real database and Redis. The web app's test proves it is only mounted when enabled.
import type { AnyTRPCRouter } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { TestDatabase } from '@tiffin/stack/testing';
import {
  createDeliveryForOrder,
  placeOrder,
  transitionOrder,
  verifyCredentials,
} from '@tiffin/domain';
import {
  checkEnvelope,
  countDeadLetters,
  heldAt,
  holdKey,
  listDeadLetters,
  partitionOf,
  partitionStream,
  STREAMS,
  TIMER_IDS,
  timerKeysFor,
} from '@tiffin/events';
import { connectTestRedis, createTestDatabase, startOwnTestRedis } from '@tiffin/stack/testing';

import { qaAppRouter } from '../qa-root';
import { appRouter } from '../root';
import { createCallerFactory } from '../trpc';

let t: TestDatabase;
let redis: RedisClient;
let customerId: string;
let itemId: string;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  const item = await t.db.menuItem.findFirstOrThrow({
    where: { restaurant: { slug: 'casa-verde' } },
  });
  await t.db.menuItem.update({ where: { id: item.id }, data: { stock: 1_000 } });
  itemId = item.id;
});
afterAll(async () => {
  await redis.quit();
  await t.drop();
});

interface Reply<T> {
  status: number;
  data?: T;
  error?: { message: string; data: Record<string, unknown> };
}

/** One POST as the e2e fixtures send it: the superjson-serialized input as the body. */
async function call<T = unknown>(
  procedure: string,
  input: unknown,
  router: AnyTRPCRouter = qaAppRouter,
  redisOfCall: RedisClient = redis,
): Promise<Reply<T>> {
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    router,
    req: new Request(`http://test/api/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(superjson.serialize(input)),
    }),
    createContext: () => ({
      db: t.db,
      user: null,
      correlationId: randomUUID(),
      tracking: null,
      redis: redisOfCall,
    }),
  });
  const body = (await response.json()) as {
    result?: { data: { json: unknown; meta?: object } };
    error?: { json: Reply<T>['error'] };
  };
  return {
    status: response.status,
    ...(body.result ? { data: superjson.deserialize<T>(body.result.data as never) } : {}),
    ...(body.error ? { error: body.error.json } : {}),
  };
}

async function snapshot() {
  const [restaurants, items, outbox] = await Promise.all([
    t.db.restaurant.count(),
    t.db.menuItem.findMany({
      select: { id: true, stock: true, priceCents: true, isAvailable: true },
      orderBy: { id: 'asc' },
    }),
    t.db.outboxEvent.count(),
  ]);
  return { restaurants, items, outbox };
}

async function newOrder(): Promise<string> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: itemId, quantity: 1 }],
      deliveryAddress: '5 Fixture Road',
      idempotencyKey: randomUUID(),
    },
    { userId: customerId },
  );
  return order.orderId;
}

interface CreatedRestaurant {
  restaurantId: string;
  slug: string;
  menuItems: { id: string; name: string; priceCents: number; stock: number }[];
}

describe('qa.createRestaurant', () => {
  it('creates an open restaurant whose menu the product API then serves', async () => {
    const reply = await call<CreatedRestaurant>('qa.createRestaurant', {
      name: 'Fixture Diner',
      menuItems: [
        { name: 'Toast', priceCents: 250, stock: 4 },
        { name: 'Tea', category: 'Drinks', priceCents: 180 },
      ],
    });
    expect(reply.status).toBe(200);
    const created = reply.data!;
    expect(created.slug).toMatch(/^fixture-diner-[0-9a-f]{8}$/);

    const caller = createCallerFactory(qaAppRouter)({
      db: t.db,
      user: null,
      correlationId: randomUUID(),
      tracking: null,
      redis,
    });
    expect(await caller.restaurant.bySlug({ slug: created.slug })).toMatchObject({
      id: created.restaurantId,
      isOpen: true,
    });
    const menu = await caller.menu.list({ restaurantId: created.restaurantId });
    // The menu page groups by category: Drinks before Mains.
    expect(menu.items.map((i) => [i.id, i.name, i.stock, i.priceCents])).toEqual([
      [created.menuItems[1]!.id, 'Tea', 20, 180],
      [created.menuItems[0]!.id, 'Toast', 4, 250],
    ]);
  });

  it('bad input is BAD_REQUEST with field errors, and writes nothing', async () => {
    const before = await snapshot();
    const reply = await call('qa.createRestaurant', {
      name: '',
      menuItems: [{ name: 'Toast', priceCents: -1 }],
    });
    expect(reply.status).toBe(400);
    expect(reply.error?.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(reply.error?.data.fieldErrors as object).sort()).toEqual([
      'menuItems.0.priceCents',
      'name',
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('qa.setStock', () => {
  it('sets stock, price and availability and writes the stock event', async () => {
    const { data: restaurant } = await call<CreatedRestaurant>('qa.createRestaurant', {
      name: 'Stock Room',
      menuItems: [{ name: 'Pie', priceCents: 500, stock: 10 }],
    });
    const pie = restaurant!.menuItems[0]!;
    const reply = await call('qa.setStock', {
      menuItemId: pie.id,
      stock: 1,
      priceCents: 650,
      isAvailable: true,
    });
    expect(reply.status).toBe(200);
    expect(reply.data).toMatchObject({
      menuItemId: pie.id,
      restaurantId: restaurant!.restaurantId,
      stock: 1,
      priceCents: 650,
      isAvailable: true,
    });
    const event = await t.db.outboxEvent.findFirstOrThrow({
      where: { type: 'menu.stock_changed.v1' },
      orderBy: { seq: 'desc' },
    });
    expect(event.payload).toEqual({
      restaurantId: restaurant!.restaurantId,
      items: [{ menuItemId: pie.id, stock: 1 }],
      reason: 'admin',
    });
  });

  it('bad input is BAD_REQUEST and an unknown item NOT_FOUND; neither writes anything', async () => {
    const before = await snapshot();
    const bad = await call('qa.setStock', { menuItemId: itemId, stock: -3 });
    expect(bad.status).toBe(400);
    expect(bad.error?.data).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { stock: ['Stock cannot be negative'] },
    });
    const unknown = await call('qa.setStock', { menuItemId: randomUUID(), stock: 3 });
    expect(unknown.status).toBe(404);
    expect(unknown.error?.data).toMatchObject({ code: 'NOT_FOUND', domainCode: 'NOT_FOUND' });
    expect(await snapshot()).toEqual(before);
  });
});

describe('qa.holdOrder and qa.releaseOrder', () => {
  it('holds an order at a point ahead of it and reports where it is; release lifts the hold', async () => {
    const orderId = await newOrder();
    const reply = await call('qa.holdOrder', { orderId, at: 'preparing' });
    expect(reply.status).toBe(200);
    expect(reply.data).toEqual({
      orderId,
      heldAt: 'preparing',
      status: 'created',
      deliveryStatus: null,
      point: 'created',
      expiresInMs: 600_000,
    });
    expect(await heldAt(redis, orderId)).toBe('preparing');
    expect(await redis.pttl(holdKey(orderId))).toBeGreaterThan(590_000);

    expect((await call('qa.releaseOrder', { orderId })).data).toEqual({ orderId, released: true });
    expect(await heldAt(redis, orderId)).toBeNull();
    expect((await call('qa.releaseOrder', { orderId })).data).toEqual({
      orderId,
      released: false,
    });
  });

  it('holding at the point the order is at is fine (the step leaving it waits)', async () => {
    const orderId = await newOrder();
    const reply = await call('qa.holdOrder', { orderId, at: 'created' });
    expect(reply.data).toMatchObject({ heldAt: 'created', point: 'created' });
    await call('qa.releaseOrder', { orderId });
  });

  it('a point the order has already left is PRECONDITION_FAILED and sets no hold', async () => {
    const orderId = await newOrder();
    await t.db.$transaction(async (tx) => {
      await transitionOrder(tx, orderId, 'created', 'confirmed', 'test');
      await createDeliveryForOrder(tx, orderId);
      await transitionOrder(tx, orderId, 'confirmed', 'preparing', 'test');
      await transitionOrder(tx, orderId, 'preparing', 'ready_for_pickup', 'test');
    });
    const reply = await call('qa.holdOrder', { orderId, at: 'confirmed' });
    expect(reply.status).toBe(412);
    expect(reply.error?.data.code).toBe('PRECONDITION_FAILED');
    expect(reply.error?.message).toBe(
      'The order is already past confirmed (it is ready for pickup), so a hold there would never apply.',
    );
    expect(await heldAt(redis, orderId)).toBeNull();

    // Ready, waiting for its courier: holding at the pick-up and later works.
    const ahead = await call('qa.holdOrder', { orderId, at: 'on_the_way' });
    expect(ahead.data).toMatchObject({
      status: 'ready_for_pickup',
      deliveryStatus: 'waiting',
      point: 'ready_for_pickup',
    });
    await call('qa.releaseOrder', { orderId });
  });

  it('an unknown order is NOT_FOUND, a bad point or id BAD_REQUEST; none sets a hold', async () => {
    const missing = randomUUID();
    const unknown = await call('qa.holdOrder', { orderId: missing, at: 'preparing' });
    expect(unknown.status).toBe(404);
    expect(await heldAt(redis, missing)).toBeNull();

    const badPoint = await call('qa.holdOrder', { orderId: missing, at: 'kitchen' });
    expect(badPoint.status).toBe(400);
    expect(badPoint.error?.message).toBe(
      'Hold at one of: created, confirmed, preparing, ready_for_pickup, on_the_way',
    );
    const badId = await call('qa.releaseOrder', { orderId: 'order-1' });
    expect(badId.status).toBe(400);
    expect(badId.error?.data.fieldErrors).toEqual({ orderId: ['We could not find that order.'] });
  });
});

describe('qa.createUser', () => {
  it('makes an account of any role that can sign in; staff are bound to the restaurant given', async () => {
    const restaurant = await t.db.restaurant.findUniqueOrThrow({ where: { slug: 'casa-verde' } });
    const staff = await call<{ id: string; email: string; password: string; role: string }>(
      'qa.createUser',
      { role: 'RESTAURANT_STAFF', name: 'Sam Staff', restaurantId: restaurant.id },
    );
    expect(staff.data).toMatchObject({ role: 'RESTAURANT_STAFF', restaurantId: restaurant.id });
    expect(staff.data!.email).toMatch(/^qa-restaurant_staff-[0-9a-f]{12}@tiffin\.test$/);
    expect(await verifyCredentials(t.db, staff.data!.email, staff.data!.password)).toMatchObject({
      id: staff.data!.id,
      role: 'RESTAURANT_STAFF',
      restaurantId: restaurant.id,
    });
    // Couriers start offline, and no role but staff keeps a restaurant.
    const courier = await call<{ id: string }>('qa.createUser', {
      role: 'COURIER',
      restaurantId: restaurant.id,
    });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: courier.data!.id } })).toMatchObject({
      role: 'COURIER',
      restaurantId: null,
      courierOnline: false,
    });
  });

  it('staff without a restaurant, or of one that does not exist, are refused and nothing is written', async () => {
    const users = await t.db.user.count();
    const none = await call('qa.createUser', { role: 'RESTAURANT_STAFF' });
    expect(none.error?.data.code).toBe('BAD_REQUEST');
    expect(none.error?.message).toBe('Restaurant staff need a restaurant.');
    const unknown = await call('qa.createUser', {
      role: 'RESTAURANT_STAFF',
      restaurantId: randomUUID(),
    });
    expect(unknown.error?.data.code).toBe('NOT_FOUND');
    expect(unknown.error?.message).toBe('We could not find that restaurant.');
    expect(await t.db.user.count()).toBe(users);
  });
});

describe('qa.fireTimer', () => {
  it('brings a waiting timer forward to now; a timer that is not waiting is PRECONDITION_FAILED', async () => {
    // Its own server: the timer keys are fixed, and a worker of another file would take them.
    const server = await startOwnTestRedis();
    const own = server.connect();
    try {
      const orderId = randomUUID();
      const id = TIMER_IDS.acceptanceTimeout(orderId);
      const inAnHour = Date.now() + 3_600_000;
      const due = timerKeysFor(id).due;
      await own.zadd(due, inAnHour, id);
      const fired = await call(
        'qa.fireTimer',
        { orderId, timer: 'acceptanceTimeout' },
        qaAppRouter,
        own,
      );
      expect(fired.data).toEqual({ orderId, timer: 'acceptanceTimeout', dueNow: true });
      expect(Number(await own.zscore(due, id))).toBeLessThanOrEqual(Date.now());

      const missing = await call(
        'qa.fireTimer',
        { orderId, timer: 'dispatchFallback' },
        qaAppRouter,
        own,
      );
      expect(missing.status).toBe(412);
      expect(missing.error?.message).toBe(
        'No dispatchFallback timer is waiting for that order (it fired already, or was never set).',
      );
      const fallback = TIMER_IDS.dispatchFallback(orderId);
      expect(await own.zscore(timerKeysFor(fallback).due, fallback)).toBeNull();
      const bad = await call('qa.fireTimer', { orderId, timer: 'lunch' }, qaAppRouter, own);
      expect(bad.error?.message).toBe(
        'The timer is acceptanceTimeout, dispatchFallback or paymentTimeout',
      );
    } finally {
      own.disconnect();
      await server.stop();
    }
  });
});

describe('qa.deadLetter', () => {
  it('writes a replayable dead letter of a harmless event, in its own server; a bad id writes none', async () => {
    // Its own server: the dead-letter stream's name is fixed, and other files count theirs.
    const server = await startOwnTestRedis();
    const own = server.connect();
    try {
      const restaurantId = randomUUID();
      const made = await call<{ id: string; originalStream: string; eventId: string }>(
        'qa.deadLetter',
        { restaurantId },
        qaAppRouter,
        own,
      );
      expect(made.status).toBe(200);
      const [letter] = await listDeadLetters(own);
      expect(letter).toMatchObject({
        id: made.data?.id,
        originalStream: partitionStream(STREAMS.menu, partitionOf(restaurantId)),
        type: 'restaurant.autopilot_changed.v1',
      });
      const envelope = checkEnvelope(JSON.parse(letter?.envelope ?? 'null'));
      expect(envelope).toMatchObject({
        ok: true,
        envelope: { eventId: made.data?.eventId, payload: { restaurantId, enabled: false } },
      });

      const bad = await call('qa.deadLetter', { restaurantId: 'nope' }, qaAppRouter, own);
      expect(bad.status).toBe(400);
      expect(await countDeadLetters(own)).toBe(1);
    } finally {
      own.disconnect();
      await server.stop();
    }
  });
});

describe('the qa router and the product router', () => {
  const table = (router: AnyTRPCRouter) => router._def.procedures as Record<string, unknown>;
  const procedures = (router: AnyTRPCRouter) => Object.keys(table(router)).sort();

  it('qaAppRouter serves every product procedure unchanged, plus qa.* and nothing else', () => {
    const product = procedures(appRouter);
    const qa = procedures(qaAppRouter);
    expect(qa.filter((p) => !p.startsWith('qa.'))).toEqual(product);
    for (const p of product) {
      expect(table(qaAppRouter)[p], p).toBe(table(appRouter)[p]);
    }
    expect(qa.filter((p) => p.startsWith('qa.'))).toEqual([
      'qa.createRestaurant',
      'qa.createUser',
      'qa.deadLetter',
      'qa.fireTimer',
      'qa.holdOrder',
      'qa.releaseOrder',
      'qa.setStock',
    ]);
  });

  it('the product router has no qa.*: a call is NOT_FOUND and writes nothing', async () => {
    expect(procedures(appRouter).some((p) => p.startsWith('qa.'))).toBe(false);
    const before = await snapshot();
    const reply = await call(
      'qa.createRestaurant',
      { name: 'Nope', menuItems: [{ name: 'X', priceCents: 1 }] },
      appRouter,
    );
    expect(reply.status).toBe(404);
    expect(reply.error?.data.code).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('nothing the product entry (@tiffin/api) loads imports the qa files', () => {
    const src = path.resolve(import.meta.dirname, '..');
    const files = fs
      .readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !/\.(integration-)?test\.ts$/.test(f))
      .filter((f) => !['qa-root.ts', path.join('routers', 'qa-router.ts')].includes(f));
    expect(files).toContain('index.ts');
    for (const file of files) {
      expect(fs.readFileSync(path.join(src, file), 'utf8'), file).not.toMatch(
        /from '[^']*qa-(root|router)'/,
      );
    }
  });
});
