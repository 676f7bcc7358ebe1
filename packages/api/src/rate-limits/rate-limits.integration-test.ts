// The abuse limits on tRPC procedures, against the real Redis (rate-limiter-flexible's counters)
// and PostgreSQL: sign-up per address, order.place per user, and what each does while Redis is cut.
import type { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { TcpProxy, TestDatabase, TestPerson } from '@tiffin/stack/testing';
import {
  connectTestRedis,
  createTestDatabase,
  createTestPerson,
  startTcpProxy,
  testRedisUrl,
} from '@tiffin/stack/testing';

import type { RateLimitSettings } from './rate-limit-policy';
import type { RateLimits } from './rate-limiters';
import { appRouter } from '../root';
import { call } from '../testing/api-test-kit';
import { RATE_LIMIT_DEFAULTS } from './rate-limit-policy';
import { createRateLimits } from './rate-limiters';

let t: TestDatabase;
let redis: RedisClient;
let limits: RateLimits;
let dishId: string;

const SETTINGS: RateLimitSettings = {
  ...RATE_LIMIT_DEFAULTS,
  signUpsPerIpPerHour: 3,
  ordersPerUserPerMinute: 4,
  authRequestsPerIpPerMinute: 100,
};

/** An address no other test uses, so counts never carry over between tests. */
const freshAddress = () => `198.51.100.${randomBytes(3).toString('hex')}`;

const newPerson = (n: number) => ({
  email: `limit-${randomBytes(4).toString('hex')}-${n}@example.com`,
  password: 'a long enough password',
  name: `Limited ${n}`,
});

const orderInput = () => ({
  items: [{ menuItemId: dishId, quantity: 1 }],
  deliveryAddress: '1 Test Street',
  idempotencyKey: randomUUID(),
});

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  limits = createRateLimits(redis, SETTINGS);
  dishId = (
    await t.db.menuItem.findFirstOrThrow({
      where: { stock: { gte: 50 }, restaurant: { slug: 'saffron-tandoor' } },
    })
  ).id;
});
afterAll(async () => {
  redis?.disconnect();
  await t?.drop();
});

describe('sign-up per address', () => {
  it('allows SIGNUPS_PER_IP_PER_HOUR accounts from one address, then 429 with Retry-After', async () => {
    const address = freshAddress();
    const context = { db: t.db, redis, rateLimits: limits, clientAddress: address };
    for (let n = 1; n <= SETTINGS.signUpsPerIpPerHour; n++) {
      const reply = await call(appRouter, context, 'auth.signUp', newPerson(n), null);
      expect(reply.status, `sign-up ${n}`).toBe(200);
    }
    const users = await t.db.user.count();
    const refused = await call(appRouter, context, 'auth.signUp', newPerson(99), null);
    expect(refused.status).toBe(429);
    expect(refused.error?.data.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.error?.data.domain?.code).toBe('RATE_LIMITED');
    expect(refused.error?.message).toMatch(
      /^Too many new accounts from your network\. Try again in \d+ minutes\.$/,
    );
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(55 * 60);
    expect(retryAfter).toBeLessThanOrEqual(60 * 60);
    expect(await t.db.user.count()).toBe(users);

    // Another address is not affected.
    const other = await call(
      appRouter,
      { ...context, clientAddress: freshAddress() },
      'auth.signUp',
      newPerson(100),
      null,
    );
    expect(other.status).toBe(200);
  });
});

describe('order.place per user', () => {
  let first: TestPerson;
  let second: TestPerson;
  beforeAll(async () => {
    [first, second] = await Promise.all([
      createTestPerson(t.db, { role: 'CUSTOMER' }),
      createTestPerson(t.db, { role: 'CUSTOMER' }),
    ]);
  });

  it('places ORDERS_PER_USER_PER_MINUTE orders, refuses the next with Retry-After; others order on', async () => {
    const context = { db: t.db, redis, rateLimits: limits, clientAddress: freshAddress() };
    for (let n = 1; n <= SETTINGS.ordersPerUserPerMinute; n++) {
      const reply = await call(appRouter, context, 'order.place', orderInput(), first);
      expect(reply.status, `order ${n}`).toBe(200);
    }
    const before = await t.db.order.count({ where: { userId: first.id } });
    const refused = await call(appRouter, context, 'order.place', orderInput(), first);
    expect(refused.status).toBe(429);
    expect(refused.error?.message).toMatch(
      /^Too many orders in a minute\. Try again in \d+ seconds?\.$/,
    );
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await t.db.order.count({ where: { userId: first.id } })).toBe(before);

    const other = await call(appRouter, context, 'order.place', orderInput(), second);
    expect(other.status).toBe(200);
  });
});

describe('while Redis is cut', () => {
  let proxy: TcpProxy;
  let cutRedis: Redis;
  let cutLimits: RateLimits;
  beforeAll(async () => {
    proxy = await startTcpProxy(testRedisUrl());
    const { Redis } = await import('ioredis');
    cutRedis = new Redis(proxy.url, { maxRetriesPerRequest: 1 });
    cutRedis.on('error', () => undefined);
    cutLimits = createRateLimits(cutRedis, SETTINGS);
    await cutRedis.ping();
    await proxy.cut();
  });
  afterAll(async () => {
    cutRedis?.disconnect();
    await proxy?.close();
  });

  it('sign-up is refused with "try again shortly" and writes nothing', async () => {
    const users = await t.db.user.count();
    const context = {
      db: t.db,
      redis: cutRedis,
      rateLimits: cutLimits,
      clientAddress: freshAddress(),
    };
    const reply = await call(appRouter, context, 'auth.signUp', newPerson(1), null);
    expect(reply.status).toBe(429);
    expect(reply.error?.message).toMatch(/Try again shortly\.$/);
    expect(reply.headers.get('retry-after')).toBe('5');
    expect(await t.db.user.count()).toBe(users);
  });

  it('ordering carries on, counted in memory, and the public menu still answers', async () => {
    const customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
    const context = {
      db: t.db,
      redis: cutRedis,
      rateLimits: cutLimits,
      clientAddress: freshAddress(),
    };
    for (let n = 1; n <= SETTINGS.ordersPerUserPerMinute; n++) {
      const reply = await call(appRouter, context, 'order.place', orderInput(), customer);
      expect(reply.status, `order ${n}`).toBe(200);
    }
    const refused = await call(appRouter, context, 'order.place', orderInput(), customer);
    expect(refused.status).toBe(429);
    const menu = await call(appRouter, context, 'restaurant.list', undefined, null);
    expect(menu.status).toBe(200);
  });
});
