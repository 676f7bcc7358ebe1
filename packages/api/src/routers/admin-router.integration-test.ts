// admin.* through tRPC's real fetch handler against PostgreSQL and this file's own redis-server
// (dead letters live in one fixed stream): only admins get in; the day's figures; users and their
// roles, with the rules on restaurants and on an admin's own role; restaurants and the autopilot
// switch with its event; the dispatch board; and a real dead letter replayed.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { OwnTestRedis, TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import {
  createDeliveryForOrder,
  person,
  placeOrder,
  takeOrderStep,
  transitionDelivery,
  transitionOrder,
} from '@tiffin/domain';
import {
  ConsumerGroup,
  countDeadLetters,
  courierPositionKey,
  createEnvelope,
  eventStream,
  partitionStream,
  publish,
  STREAMS,
} from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import {
  createTestDatabase,
  createTestPerson,
  createTestRestaurant,
  startOwnTestRedis,
  waitUntil,
} from '@tiffin/stack/testing';

import type { SessionUser } from '../trpc';
import { appRouter } from '../root';
import { call as callRouter } from '../testing/api-test-kit';

let t: TestDatabase;
let redisServer: OwnTestRedis;
let redis: RedisClient;
let manual: TestRestaurant;
let piloted: TestRestaurant;
let admin: TestPerson;
let customer: TestPerson;
let staff: TestPerson;
let courier: TestPerson;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redisServer = await startOwnTestRedis();
  redis = redisServer.connect();
  manual = await createTestRestaurant(t.db, { autopilot: false });
  piloted = await createTestRestaurant(t.db, { autopilot: true });
  admin = await createTestPerson(t.db, { role: 'ADMIN', name: 'Ada Admin' });
  customer = await createTestPerson(t.db, { role: 'CUSTOMER', name: 'Cleo Customer' });
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: manual.id });
  courier = await createTestPerson(t.db, { role: 'COURIER', online: true, name: 'Remy Rider' });
});
afterAll(async () => {
  redis?.disconnect();
  await redisServer?.stop();
  await t?.drop();
});

const call = <T = unknown>(path: string, input: unknown, user: SessionUser | null) =>
  callRouter<T>(appRouter, { db: t.db, redis }, path, input, user);

async function written() {
  const [users, restaurants, outbox, orders] = await Promise.all([
    t.db.user.findMany({
      select: {
        id: true,
        role: true,
        restaurantId: true,
        courierOnline: true,
        sessionVersion: true,
        disabledAt: true,
      },
      orderBy: { id: 'asc' },
    }),
    t.db.restaurant.findMany({ select: { id: true, autopilot: true }, orderBy: { id: 'asc' } }),
    t.db.outboxEvent.count(),
    t.db.order.count(),
  ]);
  return { users, restaurants, outbox, orders, deadLetters: await countDeadLetters(redis) };
}

async function order(restaurant: TestRestaurant, quantity = 1): Promise<string> {
  const { order: placed } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: restaurant.dishes[0]!.id, quantity }],
      deliveryAddress: '2 Console Court',
      idempotencyKey: randomUUID(),
    },
    { userId: customer.id },
  );
  return placed.orderId;
}

describe('who may use the admin console', () => {
  it('signed out: UNAUTHORIZED; customers, staff and couriers: FORBIDDEN; none writes anything', async () => {
    const inputs: [string, unknown][] = [
      ['admin.overview', {}],
      ['admin.users', { query: '' }],
      ['admin.setRole', { email: customer.email, role: 'ADMIN' }],
      ['admin.setDisabled', { email: staff.email, disabled: true }],
      ['admin.restaurants', undefined],
      ['admin.setAutopilot', { restaurantId: manual.id, enabled: true }],
      ['admin.dispatch', undefined],
      ['admin.deadLetters', undefined],
      ['admin.replayDeadLetter', { id: '1-0' }],
      ['admin.coupons', undefined],
      ['admin.openRefunds', undefined],
      ['admin.createCoupon', { code: 'NOPE10', kind: 'percentage', amount: 1000 }],
      ['admin.disableCoupon', { code: 'NOPE10' }],
    ];
    const before = await written();
    for (const [path, input] of inputs) {
      expect((await call(path, input, null)).error?.data.code, path).toBe('UNAUTHORIZED');
      for (const user of [customer, staff, courier]) {
        const refused = await call(path, input, user);
        expect(refused.error?.data.code, `${path} as ${user.role}`).toBe('FORBIDDEN');
        expect(refused.error?.message, path).toBe('The admin console is for admins.');
      }
    }
    expect(await written()).toEqual(before);
  });
});

/** A zone whose "today" began over an hour ago: the delivered order is backdated 24 minutes. */
function zoneWellPastMidnight(): string {
  const hour = new Date().getUTCHours();
  return hour >= 1 && hour <= 22 ? 'UTC' : 'Etc/GMT-12';
}

describe('admin.overview', () => {
  it('counts today’s orders and revenue (cancelled ones aside), live orders by status, delivery time and stuck orders', async () => {
    const delivered = await order(manual, 2);
    const cooking = await order(manual, 1);
    const cancelled = await order(manual, 1);
    await order(piloted, 3);
    const kitchen = person(staff);
    await t.db.$transaction((tx) =>
      takeOrderStep(tx, kitchen, 'reject', cancelled, { reason: 'Closed early' }),
    );
    for (const id of [delivered, cooking]) {
      await t.db.$transaction((tx) => takeOrderStep(tx, kitchen, 'accept', id));
      await t.db.$transaction((tx) => takeOrderStep(tx, kitchen, 'startPreparing', id));
    }
    await t.db.$transaction((tx) => takeOrderStep(tx, kitchen, 'markReady', delivered));
    const { deliveryId } = await t.db.$transaction((tx) => createDeliveryForOrder(tx, delivered));
    await t.db.$transaction(async (tx) => {
      await transitionDelivery(tx, deliveryId!, 'waiting', 'assigned', 'test', {
        courierId: courier.id,
      });
      await transitionOrder(tx, delivered, 'ready_for_pickup', 'out_for_delivery', 'test');
      await transitionDelivery(tx, deliveryId!, 'assigned', 'on_the_way', 'test');
      await transitionDelivery(tx, deliveryId!, 'on_the_way', 'delivered', 'test');
      await transitionOrder(tx, delivered, 'out_for_delivery', 'delivered', 'test');
    });
    // Placed 24 minutes before it arrived; the cooking one has not moved for an hour.
    const deliveredAt = (await t.db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } }))
      .deliveredAt!;
    await t.db.order.update({
      where: { id: delivered },
      data: { createdAt: new Date(deliveredAt.getTime() - 24 * 60_000) },
    });
    await t.db
      .$executeRaw`UPDATE "Order" SET "updatedAt" = now() - interval '60 minutes' WHERE "id" = ${cooking}::uuid`;

    const reply = await call<{
      ordersToday: number;
      revenueTodayCents: number;
      liveByStatus: Record<string, number>;
      ordersPerHour: { hour: Date; orders: number }[];
      averageDeliveryMinutes: number | null;
      deliveredToday: number;
      stuckOrders: { id: string; status: string; stuckForMinutes: number }[];
    }>('admin.overview', { timeZone: zoneWellPastMidnight(), stuckAfterMinutes: 30 }, admin);
    const overview = reply.data!;
    const price = manual.dishes[0]!.priceCents;
    expect(overview.ordersToday).toBe(3);
    expect(overview.revenueTodayCents).toBe(2 * price + price + 3 * piloted.dishes[0]!.priceCents);
    expect(overview.liveByStatus).toEqual({
      created: 1,
      confirmed: 0,
      preparing: 1,
      ready_for_pickup: 0,
      out_for_delivery: 0,
    });
    expect(overview.ordersPerHour.reduce((sum, h) => sum + h.orders, 0)).toBe(4);
    expect(overview.deliveredToday).toBe(1);
    expect(overview.averageDeliveryMinutes).toBe(24);
    expect(overview.stuckOrders.map((o) => [o.id, o.status])).toEqual([[cooking, 'preparing']]);
    expect(overview.stuckOrders[0]!.stuckForMinutes).toBeGreaterThanOrEqual(59);

    const badZone = await call('admin.overview', { timeZone: 'Mars/Olympus' }, admin);
    expect(badZone.error?.data.code).toBe('BAD_REQUEST');
    expect(badZone.error?.message).toBe('Unknown time zone');
  });
});

describe('users and roles', () => {
  it('finds accounts by email or name, whatever the case', async () => {
    const found = await call<{ id: string }[]>('admin.users', { query: 'cLeO cUsT' }, admin);
    expect(found.data!.map((u) => u.id)).toEqual([customer.id]);
    const byEmail = await call<{ id: string }[]>(
      'admin.users',
      { query: courier.email.toUpperCase() },
      admin,
    );
    expect(byEmail.data!.map((u) => u.id)).toEqual([courier.id]);
  });

  it('staff need a restaurant; every other role clears it; a courier who stops being one goes offline', async () => {
    const someone = await createTestPerson(t.db, { role: 'COURIER', online: true });
    const before = await written();
    const noRestaurant = await call(
      'admin.setRole',
      { email: someone.email, role: 'RESTAURANT_STAFF' },
      admin,
    );
    expect(noRestaurant.error?.data.code).toBe('BAD_REQUEST');
    expect(noRestaurant.error?.message).toBe('Restaurant staff need a restaurant');
    expect(noRestaurant.error?.data.fieldErrors).toEqual({
      restaurantId: ['Restaurant staff need a restaurant'],
    });
    expect(await written()).toEqual(before);

    const asStaff = await call(
      'admin.setRole',
      { email: someone.email.toUpperCase(), role: 'RESTAURANT_STAFF', restaurantId: manual.id },
      admin,
    );
    expect(asStaff.data).toMatchObject({
      id: someone.id,
      role: 'RESTAURANT_STAFF',
      restaurantId: manual.id,
    });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: someone.id } })).toMatchObject({
      courierOnline: false,
      restaurantId: manual.id,
    });

    // The role as the database has it now counts, not the one the session was signed in with.
    const staleSession = { ...someone, role: 'RESTAURANT_STAFF' as const, restaurantId: manual.id };
    expect((await call('kitchen.orders', {}, staleSession)).status).toBe(200);
    const asCustomer = await call(
      'admin.setRole',
      { email: someone.email, role: 'CUSTOMER', restaurantId: manual.id },
      admin,
    );
    expect(asCustomer.data).toMatchObject({ role: 'CUSTOMER', restaurantId: null });
    const refused = await call('kitchen.orders', {}, staleSession);
    expect(refused.error?.data.code).toBe('FORBIDDEN');
  });

  it('an admin cannot take away their own admin role; unknown accounts and restaurants are NOT_FOUND; none writes anything', async () => {
    const before = await written();
    const self = await call('admin.setRole', { email: admin.email, role: 'CUSTOMER' }, admin);
    expect(self.error?.data.code).toBe('BAD_REQUEST');
    expect(self.error?.message).toBe('You cannot take away your own admin role.');
    const nobody = await call(
      'admin.setRole',
      { email: 'nobody@tiffin.test', role: 'COURIER' },
      admin,
    );
    expect(nobody.error?.data.code).toBe('NOT_FOUND');
    expect(nobody.error?.message).toBe('There is no account for nobody@tiffin.test.');
    const nowhere = await call(
      'admin.setRole',
      { email: customer.email, role: 'RESTAURANT_STAFF', restaurantId: randomUUID() },
      admin,
    );
    expect(nowhere.error?.data.code).toBe('NOT_FOUND');
    expect(nowhere.error?.message).toBe('We could not find that restaurant.');
    const badRole = await call('admin.setRole', { email: customer.email, role: 'CHEF' }, admin);
    expect(badRole.error?.data.code).toBe('BAD_REQUEST');
    expect(badRole.error?.message).toBe(
      'A role is one of: CUSTOMER, RESTAURANT_STAFF, COURIER, ADMIN',
    );
    const badEmail = await call('admin.setRole', { email: 'not an email', role: 'COURIER' }, admin);
    expect(badEmail.error?.message).toBe('Enter the email of an account');
    expect(await written()).toEqual(before);

    // Another admin may.
    const second = await createTestPerson(t.db, { role: 'ADMIN' });
    expect(
      (await call('admin.setRole', { email: second.email, role: 'CUSTOMER' }, admin)).data,
    ).toMatchObject({
      role: 'CUSTOMER',
    });
  });
});

describe('restaurants and the autopilot', () => {
  it('lists restaurants with their switches, live orders, staff and dishes', async () => {
    const reply = await call<
      {
        id: string;
        autopilot: boolean;
        isOpen: boolean;
        liveOrders: number;
        staff: number;
        dishes: number;
      }[]
    >('admin.restaurants', undefined, admin);
    const row = reply.data!.find((r) => r.id === manual.id)!;
    const live = await t.db.order.count({
      where: { restaurantId: manual.id, status: { notIn: ['delivered', 'cancelled'] } },
    });
    const staffCount = await t.db.user.count({ where: { restaurantId: manual.id } });
    expect(row).toMatchObject({
      autopilot: false,
      isOpen: true,
      liveOrders: live,
      staff: staffCount,
      dishes: manual.dishes.length,
    });
  });

  it('switching the autopilot writes restaurant.autopilot_changed in the admin’s name; an unknown restaurant is NOT_FOUND', async () => {
    const reply = await call(
      'admin.setAutopilot',
      { restaurantId: manual.id, enabled: true },
      admin,
    );
    expect(reply.data).toEqual({ restaurantId: manual.id, enabled: true });
    expect((await t.db.restaurant.findUniqueOrThrow({ where: { id: manual.id } })).autopilot).toBe(
      true,
    );
    const event = await t.db.outboxEvent.findFirstOrThrow({
      where: { type: 'restaurant.autopilot_changed.v1' },
      orderBy: { seq: 'desc' },
    });
    expect(event.payload).toMatchObject({
      restaurantId: manual.id,
      enabled: true,
      actor: `admin:${admin.id}`,
    });
    await call('admin.setAutopilot', { restaurantId: manual.id, enabled: false }, admin);

    const before = await written();
    const unknown = await call(
      'admin.setAutopilot',
      { restaurantId: randomUUID(), enabled: true },
      admin,
    );
    expect(unknown.error?.data.code).toBe('NOT_FOUND');
    const bad = await call(
      'admin.setAutopilot',
      { restaurantId: manual.id, enabled: 'yes' },
      admin,
    );
    expect(bad.error?.message).toBe('Say whether the autopilot is on');
    expect(await written()).toEqual(before);
  });
});

describe('admin.dispatch', () => {
  it('shows waiting deliveries and the couriers online or simulated, with their last position and deliveries', async () => {
    const waiting = await order(manual);
    await t.db.$transaction((tx) => takeOrderStep(tx, person(staff), 'accept', waiting));
    await t.db.$transaction((tx) => createDeliveryForOrder(tx, waiting));
    const offline = await createTestPerson(t.db, { role: 'COURIER', online: false });
    const simulated = await createTestPerson(t.db, { role: 'COURIER', simulated: true });
    await redis.set(
      courierPositionKey(courier.id),
      JSON.stringify({
        orderId: waiting,
        courierId: courier.id,
        lat: 51.52,
        lng: -0.12,
        at: '2026-12-07T12:00:00.000Z',
        speedKmh: 14,
      }),
      'EX',
      60,
    );
    const reply = await call<{
      waiting: {
        orderId: string;
        orderStatus: string;
        restaurant: { id: string; autopilot: boolean };
      }[];
      couriers: {
        id: string;
        lastPosition: { lat: number; lng: number; at: Date } | null;
        activeDeliveries: unknown[];
      }[];
    }>('admin.dispatch', undefined, admin);
    const board = reply.data!;
    expect(board.waiting.find((w) => w.orderId === waiting)).toMatchObject({
      orderStatus: 'confirmed',
      restaurant: { id: manual.id, autopilot: false },
    });
    const ids = board.couriers.map((c) => c.id);
    expect(ids).toContain(courier.id);
    expect(ids).toContain(simulated.id);
    expect(ids).not.toContain(offline.id);
    expect(board.couriers.find((c) => c.id === courier.id)!.lastPosition).toEqual({
      lat: 51.52,
      lng: -0.12,
      at: new Date('2026-12-07T12:00:00.000Z'),
    });
    expect(board.couriers.find((c) => c.id === simulated.id)).toMatchObject({
      lastPosition: null,
      activeDeliveries: [],
    });
  });
});

describe('dead letters', () => {
  it('a real dead letter is listed and replayed to its stream unchanged; replayed twice, it is gone', async () => {
    const envelope = createEnvelope(
      'order.created.v1',
      {
        orderId: randomUUID(),
        userId: customer.id,
        restaurantId: manual.id,
        totalCents: 800,
        lines: [
          { menuItemId: manual.dishes[0]!.id, name: 'Dal', quantity: 1, unitPriceCents: 800 },
        ],
      },
      { correlationId: randomUUID(), source: 'test' },
    );
    await publish(redis, envelope);
    const orders = eventStream(envelope);
    const failing = new ConsumerGroup({
      redis,
      stream: orders,
      group: 'always-fails',
      handler: async () => {
        throw new Error('the kitchen printer is on fire');
      },
      maxAttempts: 1,
      blockMs: 50,
      log: createLogger('error'),
    });
    await failing.start();
    await waitUntil('a dead letter', async () => (await countDeadLetters(redis)) === 1, 10_000);
    await failing.stop();

    const listed = await call<{
      total: number;
      newest: { id: string; type: string; error: string; envelope: string }[];
    }>('admin.deadLetters', undefined, admin);
    expect(listed.data!.total).toBe(1);
    const letter = listed.data!.newest[0]!;
    expect(letter).toMatchObject({
      type: 'order.created.v1',
      error: expect.stringContaining('printer is on fire'),
    });

    const lengthBefore = await redis.xlen(orders);
    const replayed = await call<{ id: string; replayedAs: string }>(
      'admin.replayDeadLetter',
      { id: letter.id },
      admin,
    );
    expect(replayed.data!.id).toBe(letter.id);
    expect(await countDeadLetters(redis)).toBe(0);
    expect(await redis.xlen(orders)).toBe(lengthBefore + 1);
    const [entry] = await redis.xrange(
      orders,
      replayed.data!.replayedAs,
      replayed.data!.replayedAs,
    );
    const fields = entry![1];
    expect(JSON.parse(fields[fields.indexOf('envelope') + 1]!)).toEqual(envelope);

    const again = await call('admin.replayDeadLetter', { id: letter.id }, admin);
    expect(again.error?.data.code).toBe('NOT_FOUND');
    expect(again.error?.message).toBe(
      'That dead letter is gone: it was replayed already, or never existed.',
    );
    const blank = await call('admin.replayDeadLetter', { id: '  ' }, admin);
    expect(blank.error?.data.code).toBe('BAD_REQUEST');
    expect(blank.error?.message).toBe('Which dead letter?');
  });

  it('a dead letter with no event to replay is BAD_REQUEST, and stays for inspection', async () => {
    const orders = partitionStream(STREAMS.orders, 0);
    const reader = new ConsumerGroup({
      redis,
      stream: orders,
      group: 'reads-garbage',
      handler: async () => undefined,
      startId: '$',
      blockMs: 50,
      log: createLogger('error'),
    });
    await reader.start();
    // A malformed message: the consumer dead-letters it at once, with its raw fields.
    await redis.xadd(orders, '*', 'garbage', 'only');
    await waitUntil('a dead letter', async () => (await countDeadLetters(redis)) >= 1, 10_000);
    await reader.stop();
    const listed = await call<{ newest: { id: string; envelope: string }[] }>(
      'admin.deadLetters',
      undefined,
      admin,
    );
    const letter = listed.data!.newest.find((l) => l.envelope === '')!;
    const before = await countDeadLetters(redis);
    const reply = await call('admin.replayDeadLetter', { id: letter.id }, admin);
    expect(reply.error?.data.code).toBe('BAD_REQUEST');
    expect(reply.error?.message).toBe(
      'That dead letter has no event to replay; it can only be inspected.',
    );
    expect(await countDeadLetters(redis)).toBe(before);
  });
});

describe('disabling accounts', () => {
  it('an admin disables and enables an account, each time ending its sessions; not their own; unknown accounts are NOT_FOUND', async () => {
    const target = await createTestPerson(t.db, { role: 'CUSTOMER' });
    const version = async () =>
      (await t.db.user.findUniqueOrThrow({ where: { id: target.id } })).sessionVersion;
    const start = await version();

    const disabled = await call(
      'admin.setDisabled',
      { email: target.email, disabled: true },
      admin,
    );
    expect(disabled.data).toEqual({ id: target.id, email: target.email, disabled: true });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(row.disabledAt).toBeInstanceOf(Date);
    expect(row.sessionVersion).toBe(start + 1);

    const enabled = await call(
      'admin.setDisabled',
      { email: target.email, disabled: false },
      admin,
    );
    expect(enabled.data).toMatchObject({ disabled: false });
    expect(await version()).toBe(start + 2);

    const before = await written();
    const self = await call('admin.setDisabled', { email: admin.email, disabled: true }, admin);
    expect(self.error?.data.code).toBe('BAD_REQUEST');
    expect(self.error?.message).toBe('You cannot disable your own account.');
    const unknown = await call(
      'admin.setDisabled',
      { email: 'nobody@tiffin.test', disabled: true },
      admin,
    );
    expect(unknown.error?.data.code).toBe('NOT_FOUND');
    expect(await written()).toEqual(before);
  });
});

describe('coupons', () => {
  it('an admin creates a code (case-insensitive), lists it, and disables it; checkout then refuses it', async () => {
    const created = await call<{ code: string; timesUsed: number }>(
      'admin.createCoupon',
      { code: 'spring-10', kind: 'percentage', amount: 1000, usageCap: 5, perCustomerLimit: 1 },
      admin,
    );
    expect(created.data).toMatchObject({ code: 'SPRING-10', timesUsed: 0 });
    const listed = await call<{ code: string }[]>('admin.coupons', undefined, admin);
    expect(listed.data?.map((c) => c.code)).toContain('SPRING-10');

    const quoted = await call<{ coupon: { applied: boolean } }>(
      'order.quote',
      { items: [{ menuItemId: manual.dishes[0]!.id, quantity: 1 }], couponCode: 'Spring-10' },
      customer,
    );
    expect(quoted.data?.coupon.applied).toBe(true);

    await call('admin.disableCoupon', { code: 'SPRING-10' }, admin);
    const refused = await call(
      'order.place',
      {
        items: [{ menuItemId: manual.dishes[0]!.id, quantity: 1 }],
        deliveryAddress: '2 Console Court',
        idempotencyKey: randomUUID(),
        couponCode: 'SPRING-10',
      },
      customer,
    );
    expect(refused.error?.data.code).toBe('BAD_REQUEST');
    expect(refused.error?.message).toBe('This code is no longer valid.');
  });

  it('a duplicate code, a percentage over 100 and an unknown code are refused with a message, writing nothing', async () => {
    await call('admin.createCoupon', { code: 'ONCE', kind: 'fixed', amount: 500 }, admin);
    const count = await t.db.coupon.count();
    const duplicate = await call(
      'admin.createCoupon',
      { code: 'once', kind: 'fixed', amount: 500 },
      admin,
    );
    expect(duplicate.error?.data.code).toBe('BAD_REQUEST');
    expect(duplicate.error?.message).toMatch(/already exists/);
    const tooMuch = await call(
      'admin.createCoupon',
      { code: 'GREEDY', kind: 'percentage', amount: 10_001 },
      admin,
    );
    expect(tooMuch.error?.data.code).toBe('BAD_REQUEST');
    expect(tooMuch.error?.message).toMatch(/at most 100 %/);
    const unknown = await call('admin.disableCoupon', { code: 'NOSUCH' }, admin);
    expect(unknown.error?.data.code).toBe('NOT_FOUND');
    expect(await t.db.coupon.count()).toBe(count);
  });
});
