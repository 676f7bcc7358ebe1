// Admins' alerts against real PostgreSQL and Redis: a new dead letter and an order that has not
// moved for too long each reach every admin once, however many looks (or workers) see them, and
// each is pushed to the admin's bell once.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import { placeOrder, takeOrderStep } from '@tiffin/domain';
import { deadLetterFields, userNotificationStream } from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import {
  connectTestRedis,
  createTestDatabase,
  createTestPerson,
  createTestRestaurant,
  uniqueNames,
} from '@tiffin/stack/testing';

import { AdminAlerts } from './admin-alerts';

const log = createLogger('error');
const STUCK_AFTER_MS = 20 * 60_000;
let t: TestDatabase;
let redis: RedisClient;
let admins: TestPerson[];
let customer: TestPerson;
let restaurant: TestRestaurant;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  admins = [
    await createTestPerson(t.db, { role: 'ADMIN' }),
    await createTestPerson(t.db, { role: 'ADMIN' }),
  ];
  customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  restaurant = await createTestRestaurant(t.db);
});
afterAll(async () => {
  redis?.disconnect();
  await t?.drop();
});

function alerts(dlq: string) {
  return new AdminAlerts({
    db: t.db,
    redis,
    log,
    stuckAfterMs: STUCK_AFTER_MS,
    intervalMs: 60_000,
    deadLetterStream: dlq,
  });
}

const alertsOf = (admin: TestPerson, kind: string) =>
  t.db.notification.findMany({ where: { userId: admin.id, kind }, orderBy: { createdAt: 'asc' } });

describe('admin alerts', () => {
  it('a new dead letter reaches every admin once, across two workers looking twice', async () => {
    const { dlq, stream } = uniqueNames('alerts');
    await redis.xadd(
      dlq,
      '*',
      ...deadLetterFields({
        originalStream: stream,
        group: 'notifications',
        originalId: '1-0',
        type: 'order.status_changed.v1',
        envelope: '{}',
        error: 'connect ECONNREFUSED 127.0.0.1:2525',
        attempts: 5,
        failedAt: new Date().toISOString(),
      }),
    );
    const [one, two] = [alerts(dlq), alerts(dlq)];
    await Promise.all([one.tick(), two.tick()]);
    await one.tick();
    for (const admin of admins) {
      const rows = await alertsOf(admin, 'admin_dead_letter');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.title).toBe('A order.status_changed.v1 event was dead-lettered');
      expect(rows[0]!.body).toContain(
        'notifications consumers gave up on it: connect ECONNREFUSED',
      );
      expect(rows[0]!.link).toBe('/admin');
      const pushed = await redis.xrange(userNotificationStream(admin.id), '-', '+');
      expect(pushed.filter(([, f]) => f[1]!.includes(rows[0]!.id))).toHaveLength(1);
    }
    expect(await t.db.notification.count({ where: { userId: customer.id } })).toBe(0);
  });

  it('an order that has not moved for too long: once per admin, and again if it sticks after moving', async () => {
    const { dlq } = uniqueNames('alerts');
    const { order } = await placeOrder(
      t.db,
      {
        items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 1 }],
        deliveryAddress: '1 Stuck Street',
        idempotencyKey: randomUUID(),
      },
      { userId: customer.id },
    );
    const age = (minutes: number) =>
      t.db
        .$executeRaw`UPDATE "Order" SET "updatedAt" = now() - make_interval(mins => ${minutes}) WHERE id = ${order.orderId}::uuid`;
    const watcher = alerts(dlq);

    await age(5);
    await watcher.tick();
    expect(await alertsOf(admins[0]!, 'admin_order_stuck')).toHaveLength(0);

    await age(45);
    await watcher.tick();
    await watcher.tick();
    for (const admin of admins) {
      const rows = await alertsOf(admin, 'admin_order_stuck');
      expect(rows.filter((r) => r.orderId === order.orderId)).toHaveLength(1);
      expect(rows[0]!.title).toBe(`Order #${order.orderId.slice(0, 8)} is stuck`);
      expect(rows[0]!.body).toBe('It has been created for 45 minutes.');
      expect(rows[0]!.link).toBe(`/orders/${order.orderId}`);
    }

    // The kitchen finally accepts, then the order sticks again: a new alert.
    const staff = await createTestPerson(t.db, {
      role: 'RESTAURANT_STAFF',
      restaurantId: restaurant.id,
    });
    await t.db.$transaction((tx) =>
      takeOrderStep(
        tx,
        { kind: 'person', userId: staff.id, role: staff.role, restaurantId: restaurant.id },
        'accept',
        order.orderId,
      ),
    );
    await age(60);
    await watcher.tick();
    const again = await alertsOf(admins[1]!, 'admin_order_stuck');
    expect(again.filter((r) => r.orderId === order.orderId).map((r) => r.body)).toEqual([
      'It has been created for 45 minutes.',
      'It has been confirmed for 60 minutes.',
    ]);
  });
});
