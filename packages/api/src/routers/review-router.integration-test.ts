// review.*, kitchen.reviews and admin's moderation through tRPC's real fetch handler against
// PostgreSQL: every refusal of `review.create` reaches the client as a typed error a person can
// read (the domain code, or the field's message for bad stars and comments) and writes nothing;
// the public list and the restaurant's rating drop a hidden review; only the restaurant's staff
// and admins read its kitchen reviews.
import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import { createDeliveryForOrder, transitionOrder } from '@tiffin/domain';
import { createTestDatabase, createTestPerson, createTestRestaurant } from '@tiffin/stack/testing';

import type { SessionUser } from '../trpc';
import { appRouter } from '../root';
import { call as callRouter } from '../testing/api-test-kit';

let t: TestDatabase;
let restaurant: TestRestaurant;
let other: TestRestaurant;
let customer: TestPerson;
let courier: TestPerson;
let staff: TestPerson;
let otherStaff: TestPerson;
let admin: TestPerson;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  restaurant = await createTestRestaurant(t.db);
  other = await createTestRestaurant(t.db);
  customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  courier = await createTestPerson(t.db, { role: 'COURIER', online: true });
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: restaurant.id });
  otherStaff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: other.id });
  admin = await createTestPerson(t.db, { role: 'ADMIN' });
});
afterAll(async () => {
  await t?.drop();
});

const call = <T = unknown>(path: string, input: unknown, user: SessionUser | null) =>
  callRouter<T>(appRouter, { db: t.db }, path, input, user);

/** An order of `restaurant` taken to delivered by its kitchen and a courier, through the API. */
async function deliveredOrder(): Promise<string> {
  const placed = await call<{ orderId: string }>(
    'order.place',
    {
      items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 1 }],
      deliveryAddress: '4 Counter Street',
      idempotencyKey: randomBytes(8).toString('hex'),
    },
    customer,
  );
  expect(placed.error?.message, 'placing an order').toBeUndefined();
  const orderId = placed.data!.orderId;
  for (const step of ['kitchen.accept', 'kitchen.startPreparing', 'kitchen.markReady']) {
    const moved = await call(step, { orderId }, staff);
    expect(moved.error?.message, step).toBeUndefined();
    // The worker's delivery consumer opens the delivery on acceptance; here the test does.
    if (step === 'kitchen.accept') {
      await t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId));
    }
  }
  for (const step of ['courier.claim', 'courier.pickUp', 'courier.deliver']) {
    const moved = await call(step, { orderId }, courier);
    expect(moved.error?.message, step).toBeUndefined();
  }
  // The worker's delivery consumer closes the order once its delivery is delivered; here the test does.
  await t.db.$transaction((tx) =>
    transitionOrder(tx, orderId, 'out_for_delivery', 'delivered', 'test'),
  );
  return orderId;
}

async function written() {
  const [reviews, restaurants] = await Promise.all([
    t.db.review.findMany({ orderBy: { id: 'asc' } }),
    t.db.restaurant.findMany({
      select: { id: true, ratingCount: true, ratingSum: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  return { reviews, restaurants };
}

describe('review.create refuses bad input with the field and a message, writing nothing', () => {
  it.each([
    ['zero stars', { stars: 0 }, 'stars', 'Give between 1 and 5 whole stars'],
    ['six stars', { stars: 6 }, 'stars', 'Give between 1 and 5 whole stars'],
    ['half a star', { stars: 3.5 }, 'stars', 'Give between 1 and 5 whole stars'],
    ['stars as text', { stars: '5' }, 'stars', 'Give between 1 and 5 whole stars'],
    [
      'a comment of 1,001 characters',
      { stars: 5, comment: 'a'.repeat(1_001) },
      'comment',
      'Keep the comment to 1,000 characters or fewer',
    ],
    [
      'a comment with a NUL',
      { stars: 5, comment: 'Tasty\u0000' },
      'comment',
      'This text contains control characters (such as NUL) that we cannot store; remove them and try again.',
    ],
    [
      'a comment with an escape character',
      { stars: 5, comment: 'Tasty\u001b[31m' },
      'comment',
      'This text contains control characters (such as NUL) that we cannot store; remove them and try again.',
    ],
  ])('%s', async (_, fields, field, message) => {
    const orderId = await deliveredOrder();
    const before = await written();
    const reply = await call('review.create', { orderId, ...fields }, customer);
    expect(reply.status).toBe(400);
    expect(reply.error?.data.code).toBe('BAD_REQUEST');
    expect(reply.error?.message).toBe(message);
    expect(reply.error?.data.fieldErrors?.[field]).toEqual([message]);
    expect(await written()).toEqual(before);
  });

  it('a comment of exactly 1,000 characters, with line breaks, is fine', async () => {
    const orderId = await deliveredOrder();
    const comment = `Great\n${'b'.repeat(994)}`;
    const reply = await call<{ stars: number; comment: string }>(
      'review.create',
      { orderId, stars: 5, comment },
      customer,
    );
    expect(reply.error?.message).toBeUndefined();
    expect(reply.data).toMatchObject({ stars: 5, comment });
  });
});

describe('review.create refuses by the rules, with the domain code, writing nothing', () => {
  it('a second review: CONFLICT, ALREADY_REVIEWED with the review id', async () => {
    const orderId = await deliveredOrder();
    const first = await call<{ id: string }>('review.create', { orderId, stars: 4 }, customer);
    const before = await written();
    const again = await call('review.create', { orderId, stars: 1 }, customer);
    expect(again.status).toBe(409);
    expect(again.error?.message).toBe('You have already rated this order.');
    expect(again.error?.data.domain).toEqual({
      code: 'ALREADY_REVIEWED',
      details: { reviewId: first.data!.id },
    });
    expect(await written()).toEqual(before);
  });

  it('an order not delivered yet: BAD_REQUEST, ORDER_NOT_DELIVERED with its status', async () => {
    const placed = await call<{ orderId: string }>(
      'order.place',
      {
        items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 1 }],
        deliveryAddress: '4 Counter Street',
        idempotencyKey: randomBytes(8).toString('hex'),
      },
      customer,
    );
    const before = await written();
    const reply = await call(
      'review.create',
      { orderId: placed.data!.orderId, stars: 5 },
      customer,
    );
    expect(reply.status).toBe(400);
    expect(reply.error?.message).toBe('You can rate an order once it has been delivered.');
    expect(reply.error?.data.domain).toEqual({
      code: 'ORDER_NOT_DELIVERED',
      details: { status: 'created' },
    });
    expect(await written()).toEqual(before);
  });

  it("someone else's order: FORBIDDEN; signed out: UNAUTHORIZED", async () => {
    const orderId = await deliveredOrder();
    const stranger = await createTestPerson(t.db, { role: 'CUSTOMER' });
    const before = await written();
    const reply = await call('review.create', { orderId, stars: 5 }, stranger);
    expect(reply.status).toBe(403);
    expect(reply.error?.message).toBe('Only the customer who placed an order can rate it.');
    expect(reply.error?.data.domain?.code).toBe('FORBIDDEN');
    expect((await call('review.create', { orderId, stars: 5 }, null)).error?.data.code).toBe(
      'UNAUTHORIZED',
    );
    expect(await written()).toEqual(before);
  });
});

describe('reading and moderating', () => {
  it('the public list and the restaurant card drop a hidden review; hiding needs a reason', async () => {
    const kept = await call<{ id: string }>(
      'review.create',
      { orderId: await deliveredOrder(), stars: 5, comment: 'Superb' },
      customer,
    );
    const spam = await call<{ id: string }>(
      'review.create',
      { orderId: await deliveredOrder(), stars: 1, comment: 'Buy cheap watches' },
      customer,
    );
    const ratingOnCard = async () => {
      const list = await call<{ id: string; rating: { average: number | null; count: number } }[]>(
        'restaurant.list',
        {},
        null,
      );
      return list.data!.find((r) => r.id === restaurant.id)!.rating;
    };
    const before = await ratingOnCard();

    const noReason = await call(
      'admin.hideReview',
      { reviewId: spam.data!.id, reason: ' ' },
      admin,
    );
    expect(noReason.error?.message).toBe('Say why the review is hidden');
    const byStaff = await call(
      'admin.hideReview',
      { reviewId: spam.data!.id, reason: 'Spam' },
      staff,
    );
    expect(byStaff.error?.data.code).toBe('FORBIDDEN');
    expect(await ratingOnCard()).toEqual(before);

    const hidden = await call(
      'admin.hideReview',
      { reviewId: spam.data!.id, reason: 'Spam' },
      admin,
    );
    expect(hidden.error?.message).toBeUndefined();
    const after = await ratingOnCard();
    expect(after.count).toBe(before.count - 1);

    const list = await call<{ items: { id: string }[]; rating: { count: number } }>(
      'review.forRestaurant',
      { restaurantId: restaurant.id },
      null,
    );
    const ids = list.data!.items.map((r) => r.id);
    expect(ids).toContain(kept.data!.id);
    expect(ids).not.toContain(spam.data!.id);
    expect(list.data!.rating).toEqual(after);

    const bySlug = await call<{ rating: unknown }>(
      'restaurant.bySlug',
      { slug: restaurant.slug },
      null,
    );
    expect(bySlug.data!.rating).toEqual(after);

    const moderation = await call<{ items: { id: string; hiddenReason: string | null }[] }>(
      'admin.reviews',
      { hidden: true },
      admin,
    );
    expect(moderation.data!.items).toEqual([
      expect.objectContaining({ id: spam.data!.id, hiddenReason: 'Spam' }),
    ]);
  });

  it("kitchen.reviews: the restaurant's own staff and admins naming it; others FORBIDDEN", async () => {
    await call('review.create', { orderId: await deliveredOrder(), stars: 3 }, customer);
    const own = await call<{ items: unknown[] }>('kitchen.reviews', {}, staff);
    expect(own.data!.items.length).toBeGreaterThan(0);
    const named = await call<{ items: unknown[] }>(
      'kitchen.reviews',
      { restaurantId: restaurant.id },
      admin,
    );
    expect(named.data!.items).toEqual(own.data!.items);
    const intruder = await call('kitchen.reviews', { restaurantId: restaurant.id }, otherStaff);
    expect(intruder.error?.data.code).toBe('FORBIDDEN');
    expect((await call('kitchen.reviews', {}, otherStaff)).data).toMatchObject({ items: [] });
    expect((await call('kitchen.reviews', {}, customer)).error?.data.code).toBe('FORBIDDEN');
  });
});
