// courier.* through tRPC's real fetch handler against PostgreSQL and Redis: only couriers get in;
// offers while online, nearest first; claim, pick up and deliver; position reports limited to one
// a second, kept inside the delivery's box, stored in Redis with a TTL and never in PostgreSQL;
// and the courier's live feed of offers and of their own assignment.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import {
  createDeliveryForOrder,
  defaultDropOff,
  distanceKm,
  person,
  placeOrder,
  POSITION_TTL_SECONDS,
  positionBounds,
  takeOrderStep,
} from '@tiffin/domain';
import { courierPositionKey, orderPositionKey, TrackingHub } from '@tiffin/events';
import {
  connectTestRedis,
  createTestDatabase,
  createTestPerson,
  createTestRestaurant,
} from '@tiffin/stack/testing';

import type { CourierMessage } from '../tracking/courier-live';
import type { SessionUser } from '../trpc';
import { appRouter } from '../root';
import { call as callRouter, openSubscription, trackingProjector } from '../testing/api-test-kit';
import { createCallerFactory } from '../trpc';

let t: TestDatabase;
let redis: RedisClient;
let hub: TrackingHub;
let project: () => Promise<number>;
let near: TestRestaurant;
let far: TestRestaurant;
let staff: TestPerson;
let farStaff: TestPerson;
let customer: TestPerson;
let admin: TestPerson;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  hub = new TrackingHub({ redis, blockMs: 100 });
  project = trackingProjector(t.db, redis);
  near = await createTestRestaurant(t.db, { location: { lat: 51.515, lng: -0.1216 } });
  // About 2.2 km west of the first.
  far = await createTestRestaurant(t.db, { location: { lat: 51.515, lng: -0.1536 } });
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: near.id });
  farStaff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: far.id });
  customer = await createTestPerson(t.db, { role: 'CUSTOMER', name: 'Priya Shah' });
  admin = await createTestPerson(t.db, { role: 'ADMIN' });
  // Offers list every waiting delivery in the database: start from none.
  await t.db.delivery.updateMany({ where: { status: 'waiting' }, data: { status: 'cancelled' } });
});
afterAll(async () => {
  await hub?.stop();
  redis?.disconnect();
  await t?.drop();
});

const call = <T = unknown>(path: string, input: unknown, user: SessionUser | null) =>
  callRouter<T>(appRouter, { db: t.db, redis, tracking: hub }, path, input, user);

const caller = (user: SessionUser, signal?: AbortSignal) =>
  createCallerFactory(appRouter)(
    { db: t.db, user, correlationId: randomUUID(), tracking: hub, redis },
    signal ? { signal } : {},
  );

const courier = (online = true) => createTestPerson(t.db, { role: 'COURIER', online });

/** An order its kitchen accepted, with the waiting delivery the worker creates for it. */
async function acceptedOrder(restaurant = near, note?: string): Promise<string> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [
        { menuItemId: restaurant.dishes[0]!.id, quantity: 2 },
        { menuItemId: restaurant.dishes[1]!.id, quantity: 1 },
      ],
      deliveryAddress: '9 Courier Close',
      idempotencyKey: randomUUID(),
      ...(note ? { note } : {}),
    },
    { userId: customer.id },
  );
  const kitchen = person(restaurant === near ? staff : farStaff);
  await t.db.$transaction((tx) => takeOrderStep(tx, kitchen, 'accept', order.orderId));
  await t.db.$transaction((tx) => createDeliveryForOrder(tx, order.orderId));
  return order.orderId;
}

async function ready(orderId: string, restaurant = near) {
  const kitchen = person(restaurant === near ? staff : farStaff);
  await t.db.$transaction((tx) => takeOrderStep(tx, kitchen, 'startPreparing', orderId));
  await t.db.$transaction((tx) => takeOrderStep(tx, kitchen, 'markReady', orderId));
}

/** Every PostgreSQL row a courier procedure could write. */
async function written() {
  const [orders, deliveries, history, outbox, users] = await Promise.all([
    t.db.order.findMany({
      select: { id: true, status: true, version: true },
      orderBy: { id: 'asc' },
    }),
    t.db.delivery.findMany({
      select: { id: true, status: true, version: true, courierId: true },
      orderBy: { id: 'asc' },
    }),
    t.db.orderStatusChange.count(),
    t.db.outboxEvent.count(),
    t.db.user.findMany({ select: { id: true, courierOnline: true }, orderBy: { id: 'asc' } }),
  ]);
  return { orders, deliveries, history, outbox, users };
}

describe('who may use the courier app', () => {
  it('signed out: UNAUTHORIZED; customers, staff and admins: FORBIDDEN; none writes anything', async () => {
    const orderId = await acceptedOrder();
    const inputs: [string, unknown][] = [
      ['courier.setOnline', { online: true }],
      ['courier.status', undefined],
      ['courier.offers', undefined],
      ['courier.current', undefined],
      ['courier.claim', { orderId }],
      ['courier.pickUp', { orderId }],
      ['courier.deliver', { orderId }],
      ['courier.reportPosition', { orderId, lat: near.lat, lng: near.lng }],
    ];
    const before = await written();
    for (const [path, input] of inputs) {
      const anonymous = await call(path, input, null);
      expect(anonymous.error?.data.code, path).toBe('UNAUTHORIZED');
      for (const user of [customer, staff, admin]) {
        const refused = await call(path, input, user);
        expect(refused.error?.data.code, `${path} as ${user.role}`).toBe('FORBIDDEN');
        expect(refused.error?.message, path).toBe('The courier app is for couriers.');
      }
    }
    await expect(caller(customer).courier.live()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await written()).toEqual(before);
  });

  it('bad input is BAD_REQUEST in words; an unknown order NOT_FOUND; an order not yet accepted has nothing to claim', async () => {
    const rider = await courier();
    const before = await written();
    const bad: [string, unknown, string][] = [
      ['courier.setOnline', { online: 'yes' }, 'Say whether you are online'],
      ['courier.claim', { orderId: 'order-7' }, 'We could not find that order.'],
      [
        'courier.reportPosition',
        { orderId: randomUUID(), lat: 123, lng: 0 },
        'Latitude is between -90 and 90',
      ],
      [
        'courier.reportPosition',
        { orderId: randomUUID(), lat: 'north', lng: 0 },
        'Latitude must be a number',
      ],
    ];
    for (const [path, input, message] of bad) {
      const reply = await call(path, input, rider);
      expect(reply.error?.data.code, path).toBe('BAD_REQUEST');
      expect(reply.error?.message, path).toBe(message);
    }
    for (const path of ['courier.claim', 'courier.pickUp', 'courier.deliver']) {
      const reply = await call(path, { orderId: randomUUID() }, rider);
      expect(reply.error?.data.code, path).toBe('NOT_FOUND');
      expect(reply.error?.message, path).toBe('We could not find that order.');
    }
    expect(await written()).toEqual(before);

    const { order } = await placeOrder(
      t.db,
      {
        items: [{ menuItemId: near.dishes[0]!.id, quantity: 1 }],
        deliveryAddress: '9 Courier Close',
        idempotencyKey: randomUUID(),
      },
      { userId: customer.id },
    );
    const early = await call('courier.claim', { orderId: order.orderId }, rider);
    expect(early.error?.data.code).toBe('NOT_FOUND');
    expect(early.error?.message).toBe(
      'This order has no delivery yet: the kitchen has not accepted it.',
    );
  });
});

describe('offers, claim, pick-up and delivery', () => {
  it('offers only while online, nearest pick-up first once the courier’s position is known', async () => {
    const rider = await courier(false);
    const nearOrder = await acceptedOrder(near, 'Ring twice');
    const farOrder = await acceptedOrder(far);
    expect((await call('courier.offers', undefined, rider)).data).toEqual([]);
    expect((await call('courier.setOnline', { online: true }, rider)).data).toEqual({
      online: true,
    });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: rider.id } })).courierOnline).toBe(
      true,
    );

    // No position yet: oldest first, distances unknown.
    const unplaced = await call<{ orderId: string; distanceKm: number | null }[]>(
      'courier.offers',
      undefined,
      rider,
    );
    const mine = (offers: { orderId: string }[]) =>
      offers.filter((o) => [nearOrder, farOrder].includes(o.orderId)).map((o) => o.orderId);
    expect(mine(unplaced.data!)).toEqual([nearOrder, farOrder]);
    expect(unplaced.data!.every((o) => o.distanceKm === null)).toBe(true);

    // Standing next to the far restaurant, its order comes first.
    await redis.set(
      courierPositionKey(rider.id),
      JSON.stringify({
        orderId: farOrder,
        courierId: rider.id,
        lat: far.lat,
        lng: far.lng + 0.001,
        at: new Date().toISOString(),
        speedKmh: null,
      }),
      'EX',
      60,
    );
    const placed = await call<
      {
        orderId: string;
        deliveryId: string;
        restaurant: { id: string; name: string };
        pickUp: { lat: number; lng: number };
        dropOff: { lat: number; lng: number; address: string };
        distanceKm: number;
        tripKm: number;
        orderStatus: string;
        itemCount: number;
      }[]
    >('courier.offers', undefined, rider);
    expect(mine(placed.data!)).toEqual([farOrder, nearOrder]);
    const first = placed.data!.find((o) => o.orderId === farOrder)!;
    expect(first).toMatchObject({
      restaurant: { id: far.id, name: far.name },
      pickUp: { lat: far.lat, lng: far.lng },
      dropOff: { ...defaultDropOff(far), address: '9 Courier Close' },
      orderStatus: 'confirmed',
      itemCount: 2,
    });
    expect(first.distanceKm).toBeLessThan(0.1);
    expect(first.tripKm).toBeCloseTo(distanceKm(far, defaultDropOff(far)), 2);

    // Offline again: nothing on offer.
    await call('courier.setOnline', { online: false }, rider);
    expect((await call('courier.offers', undefined, rider)).data).toEqual([]);
  });

  it('claim, pick up when ready, deliver: the courier’s status and current delivery follow each step', async () => {
    const rider = await courier();
    const orderId = await acceptedOrder(near, 'Leave at the door');
    expect((await call('courier.status', undefined, rider)).data).toEqual({
      online: true,
      current: null,
    });

    const claimed = await call('courier.claim', { orderId }, rider);
    expect(claimed.data).toMatchObject({ orderId, status: 'assigned', version: 2 });
    const current = await call<Record<string, unknown>>('courier.current', undefined, rider);
    expect(current.data).toMatchObject({
      orderId,
      status: 'assigned',
      orderStatus: 'confirmed',
      restaurant: { id: near.id, name: near.name },
      pickUp: { lat: near.lat, lng: near.lng },
      dropOff: { address: '9 Courier Close' },
      // Couriers see the customer's first name only.
      customerFirstName: 'Priya',
      note: 'Leave at the door',
      items: [
        { name: near.dishes[0]!.name, quantity: 2 },
        { name: near.dishes[1]!.name, quantity: 1 },
      ],
    });

    const early = await call('courier.pickUp', { orderId }, rider);
    expect(early.error?.data.code).toBe('CONFLICT');
    expect(early.error?.message).toBe('The kitchen has not marked this order ready yet.');

    await ready(orderId);
    expect((await call('courier.pickUp', { orderId }, rider)).data).toMatchObject({
      status: 'on_the_way',
    });
    expect((await call('courier.deliver', { orderId }, rider)).data).toMatchObject({
      status: 'delivered',
    });
    expect((await call('courier.status', undefined, rider)).data).toEqual({
      online: true,
      current: null,
    });
    expect(await t.db.delivery.findUniqueOrThrow({ where: { orderId } })).toMatchObject({
      status: 'delivered',
      courierId: rider.id,
    });
  });

  it('twenty couriers claim at once: one has it, nineteen hear "already taken" as a CONFLICT', async () => {
    const riders = await Promise.all(Array.from({ length: 20 }, () => courier()));
    const orderId = await acceptedOrder();
    const replies = await Promise.all(riders.map((r) => call('courier.claim', { orderId }, r)));
    const winners = riders.filter((_, i) => replies[i]!.status === 200);
    expect(winners).toHaveLength(1);
    const lost = replies.filter((r) => r.status !== 200);
    expect(lost).toHaveLength(19);
    for (const reply of lost) {
      expect(reply.status).toBe(409);
      expect(reply.error?.data.code).toBe('CONFLICT');
      expect(reply.error?.message).toBe('Another courier has already taken this delivery.');
      expect(reply.error?.data.domain).toEqual({ code: 'DELIVERY_TAKEN', details: { orderId } });
    }
    expect(await t.db.delivery.findUniqueOrThrow({ where: { orderId } })).toMatchObject({
      status: 'assigned',
      courierId: winners[0]!.id,
    });
    expect(
      await t.db.outboxEvent.count({
        where: {
          type: 'delivery.status_changed.v1',
          payload: { path: ['orderId'], equals: orderId },
        },
      }),
    ).toBe(1);
  });
});

describe('courier.reportPosition', () => {
  /** A courier on their way with an order, and the order. */
  async function onTheWay() {
    const rider = await courier();
    const orderId = await acceptedOrder();
    await call('courier.claim', { orderId }, rider);
    await ready(orderId);
    await call('courier.pickUp', { orderId }, rider);
    return { rider, orderId };
  }

  it('keeps the position in Redis with a TTL, for the order and the courier, and writes no row', async () => {
    const { rider, orderId } = await onTheWay();
    const before = await written();
    const point = { lat: near.lat + 0.002, lng: near.lng + 0.003 };
    const reply = await call<{ orderId: string; at: Date; speedKmh: number | null }>(
      'courier.reportPosition',
      { orderId, ...point },
      rider,
    );
    expect(reply.data).toMatchObject({ orderId, speedKmh: null });
    expect(await written()).toEqual(before);
    for (const key of [orderPositionKey(orderId), courierPositionKey(rider.id)]) {
      expect(JSON.parse((await redis.get(key))!)).toMatchObject({
        orderId,
        courierId: rider.id,
        ...point,
      });
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(POSITION_TTL_SECONDS - 10);
      expect(ttl).toBeLessThanOrEqual(POSITION_TTL_SECONDS);
    }
  });

  it('a second report within a second is TOO_MANY_REQUESTS, saying how long to wait; a second later it is taken', async () => {
    const { rider, orderId } = await onTheWay();
    const first = await call(
      'courier.reportPosition',
      { orderId, lat: near.lat, lng: near.lng },
      rider,
    );
    expect(first.status).toBe(200);
    const second = await call(
      'courier.reportPosition',
      { orderId, lat: near.lat + 0.001, lng: near.lng },
      rider,
    );
    expect(second.status).toBe(429);
    expect(second.error?.data.code).toBe('TOO_MANY_REQUESTS');
    expect(second.error?.message).toBe(
      'Positions are taken once a second; this one came too soon.',
    );
    const domain = second.error?.data.domain as { code: string; details: { retryAfterMs: number } };
    expect(domain.code).toBe('RATE_LIMITED');
    expect(domain.details.retryAfterMs).toBeGreaterThan(0);
    expect(domain.details.retryAfterMs).toBeLessThanOrEqual(1_000);
    // The refused one did not replace the position.
    expect(JSON.parse((await redis.get(orderPositionKey(orderId)))!)).toMatchObject({
      lat: near.lat,
    });

    await new Promise((resolve) => setTimeout(resolve, domain.details.retryAfterMs + 50));
    const later = await call<{ speedKmh: number | null }>(
      'courier.reportPosition',
      { orderId, lat: near.lat + 0.001, lng: near.lng },
      rider,
    );
    expect(later.status).toBe(200);
    // Two reports make a speed.
    expect(later.data!.speedKmh).toBeGreaterThan(0);
  });

  it('a position far outside the delivery’s box is BAD_REQUEST with the box, and is not kept', async () => {
    const { rider, orderId } = await onTheWay();
    const reply = await call(
      'courier.reportPosition',
      // Paris, from a London delivery.
      { orderId, lat: 48.8566, lng: 2.3522 },
      rider,
    );
    expect(reply.error?.data.code).toBe('BAD_REQUEST');
    expect(reply.error?.message).toBe(
      'That position is far outside this delivery’s area; check the device’s location.',
    );
    expect(reply.error?.data.domain).toEqual({
      code: 'POSITION_OUT_OF_AREA',
      details: positionBounds(near, defaultDropOff(near)),
    });
    expect(await redis.get(orderPositionKey(orderId))).toBeNull();
  });

  it('another courier’s report on this delivery is FORBIDDEN, and is not kept', async () => {
    const { orderId } = await onTheWay();
    const stranger = await courier();
    const reply = await call(
      'courier.reportPosition',
      { orderId, lat: near.lat, lng: near.lng },
      stranger,
    );
    expect(reply.error?.data.code).toBe('FORBIDDEN');
    expect(reply.error?.message).toBe('Only the courier of this delivery can report its position.');
    expect(await redis.get(orderPositionKey(orderId))).toBeNull();
    expect(await redis.get(courierPositionKey(stranger.id))).toBeNull();
  });

  it('no positions before a claim or after the delivery', async () => {
    const rider = await courier();
    const orderId = await acceptedOrder();
    const unclaimed = await call(
      'courier.reportPosition',
      { orderId, lat: near.lat, lng: near.lng },
      rider,
    );
    expect(unclaimed.error?.data.code).toBe('FORBIDDEN');
    await call('courier.claim', { orderId }, rider);
    await ready(orderId);
    await call('courier.pickUp', { orderId }, rider);
    await call('courier.deliver', { orderId }, rider);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const after = await call(
      'courier.reportPosition',
      { orderId, lat: near.lat, lng: near.lng },
      rider,
    );
    expect(after.error?.data.code).toBe('CONFLICT');
    expect(after.error?.message).toBe('Positions are shared only while a delivery is under way.');
  });
});

describe('courier.live', () => {
  it('tells of new offers and of offers taken by others, and of this courier’s own assignment', async () => {
    const rider = await courier();
    const rival = await courier();
    await project();
    const feed = await openSubscription<CourierMessage>((signal) =>
      caller(rider, signal).courier.live(),
    );
    expect((await feed.next()).data).toEqual({ kind: 'subscribed' });

    // A new delivery starts waiting: an offer.
    const mine = await acceptedOrder();
    await project();
    expect((await feed.next()).data).toEqual({
      kind: 'offers_changed',
      orderId: mine,
      deliveryStatus: 'waiting',
    });

    // Another courier takes one: it leaves the offers.
    const theirs = await acceptedOrder();
    await project();
    expect((await feed.next()).data).toMatchObject({ kind: 'offers_changed', orderId: theirs });
    await call('courier.claim', { orderId: theirs }, rival);
    await project();
    expect((await feed.next()).data).toEqual({
      kind: 'offers_changed',
      orderId: theirs,
      deliveryStatus: 'assigned',
    });
    // The rival's pick-up and delivery are none of this courier's business.
    await ready(theirs);
    await call('courier.pickUp', { orderId: theirs }, rival);
    await project();
    expect(await feed.quietFor(300)).toBe(true);

    // Their own claim and pick-up arrive as assignments, once each.
    await call('courier.claim', { orderId: mine }, rider);
    await ready(mine);
    await call('courier.pickUp', { orderId: mine }, rider);
    await project();
    const [claimed, pickedUp] = await feed.take(2);
    expect(claimed!.data).toMatchObject({ kind: 'assignment', orderId: mine, status: 'assigned' });
    expect(pickedUp!.data).toMatchObject({
      kind: 'assignment',
      orderId: mine,
      status: 'on_the_way',
    });
    expect(claimed!.id).toBeNull();
    expect(await feed.quietFor(300)).toBe(true);
    await feed.close();
    expect(hub.subscriberCount).toBe(0);
  });
});
