// Reviews against PostgreSQL: every refusal of `createReview` names its reason with a typed error
// and writes nothing; twenty reviews at once leave the restaurant's average and count exact; two
// reviews of one order at once have exactly one winner; hiding takes a review off the rating and
// the public list, once even when two admins hide it together.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import { createTestDatabase, createTestPerson, createTestRestaurant } from '@tiffin/stack/testing';

import type { DomainErrorCode } from '../errors';
import { person } from '../authority/actor';
import { isDomainError } from '../errors';
import { orderAtStatus } from '../testing/orders-at-status';
import { createReview } from './create-review';
import { hideReview } from './hide-review';
import { createReviewInputSchema } from './review-input';
import { listKitchenReviews, listRestaurantReviews, reviewForOrder } from './review-queries';
import { REVIEW_WINDOW_DAYS } from './review-rules';

/** Twenty-odd transactions at once queue for connections; let them wait rather than fail. */
const TX = { maxWait: 20_000, timeout: 20_000 };
const DAY_MS = 24 * 60 * 60 * 1000;

let t: TestDatabase;
let restaurant: TestRestaurant;
let customer: TestPerson;
let stranger: TestPerson;
let courier: TestPerson;
let staff: TestPerson;
let admin: TestPerson;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), { poolSize: 20 });
  restaurant = await createTestRestaurant(t.db, {
    dishes: [{ name: 'Dal', priceCents: 800, stock: 1_000 }],
  });
  customer = await createTestPerson(t.db, { role: 'CUSTOMER', name: 'Asha Rao' });
  stranger = await createTestPerson(t.db, { role: 'CUSTOMER' });
  courier = await createTestPerson(t.db, { role: 'COURIER', online: true });
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: restaurant.id });
  admin = await createTestPerson(t.db, { role: 'ADMIN' });
});
afterAll(async () => {
  await t?.drop();
});

async function delivered(customerId = customer.id, restaurantId = restaurant.id) {
  const dish =
    restaurantId === restaurant.id
      ? restaurant.dishes[0]!
      : await t.db.menuItem.findFirstOrThrow({ where: { restaurantId } });
  const { orderId } = await orderAtStatus(t.db, {
    customerId,
    items: [{ menuItemId: dish.id, quantity: 1 }],
    status: 'delivered',
    courierId: courier.id,
  });
  return orderId;
}

function review(by: TestPerson, orderId: string, stars: number, comment?: string, now?: Date) {
  const input = createReviewInputSchema.parse({ orderId, stars, comment });
  return t.db.$transaction((tx) => createReview(tx, person(by), input, now), TX);
}

/** Everything a review can write: review rows and the restaurant's counters. */
async function written(restaurantId = restaurant.id) {
  const [reviews, counters] = await Promise.all([
    t.db.review.count(),
    t.db.restaurant.findUniqueOrThrow({
      where: { id: restaurantId },
      select: { ratingCount: true, ratingSum: true },
    }),
  ]);
  return { reviews, ...counters };
}

async function refusedWith(promise: Promise<unknown>): Promise<DomainErrorCode> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isDomainError(error)) throw new Error(`expected a domain error, got ${String(error)}`);
  return error.code;
}

describe('createReview refuses, with a typed error, and writes nothing', () => {
  it('a second review of the same order: ALREADY_REVIEWED', async () => {
    const orderId = await delivered();
    const first = await review(customer, orderId, 4, 'Good dal');
    const before = await written();
    const error = await review(customer, orderId, 1).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDomainError(error) && error.data).toEqual({
      code: 'ALREADY_REVIEWED',
      details: { reviewId: first.id },
    });
    expect(await written()).toEqual(before);
  });

  it.each(['created', 'confirmed', 'preparing', 'out_for_delivery', 'cancelled'] as const)(
    'an order that is %s, not delivered: ORDER_NOT_DELIVERED',
    async (status) => {
      const { orderId } = await orderAtStatus(t.db, {
        customerId: customer.id,
        items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 1 }],
        status,
        ...(status === 'out_for_delivery' ? { courierId: courier.id } : {}),
      });
      const before = await written();
      expect(await refusedWith(review(customer, orderId, 5))).toBe('ORDER_NOT_DELIVERED');
      expect(await written()).toEqual(before);
    },
  );

  it("someone else's order: FORBIDDEN, for another customer, its courier and the kitchen", async () => {
    const orderId = await delivered();
    const before = await written();
    for (const other of [stranger, courier, staff, admin]) {
      expect(await refusedWith(review(other, orderId, 5))).toBe('FORBIDDEN');
    }
    expect(await written()).toEqual(before);
  });

  it(`after ${REVIEW_WINDOW_DAYS} days: REVIEW_WINDOW_CLOSED; just inside the window is fine`, async () => {
    const orderId = await delivered();
    const { at } = await t.db.orderStatusChange.findFirstOrThrow({
      where: { orderId, to: 'delivered' },
    });
    const before = await written();
    const late = new Date(at.getTime() + REVIEW_WINDOW_DAYS * DAY_MS + 1);
    const error = await review(customer, orderId, 5, undefined, late).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDomainError(error) && error.data).toEqual({
      code: 'REVIEW_WINDOW_CLOSED',
      details: {
        deliveredAt: at.toISOString(),
        closedAt: new Date(at.getTime() + REVIEW_WINDOW_DAYS * DAY_MS).toISOString(),
      },
    });
    expect(await written()).toEqual(before);

    const lastMoment = new Date(at.getTime() + REVIEW_WINDOW_DAYS * DAY_MS);
    await review(customer, orderId, 5, undefined, lastMoment);
    expect((await written()).reviews).toBe(before.reviews + 1);
  });

  it('an order that does not exist: NOT_FOUND', async () => {
    const before = await written();
    expect(await refusedWith(review(customer, '00000000-0000-4000-8000-000000000000', 5))).toBe(
      'NOT_FOUND',
    );
    expect(await written()).toEqual(before);
  });

  it('out-of-range stars are refused by the database too, whatever the caller skipped', async () => {
    const orderId = await delivered();
    const before = await written();
    await expect(
      t.db.$transaction((tx) =>
        createReview(tx, person(customer), { orderId, stars: 6, comment: null }),
      ),
    ).rejects.toThrow();
    expect(await written()).toEqual(before);
  });
});

describe('the restaurant rating under concurrency', () => {
  it('twenty reviews of different orders at once: the average and count are exact', async () => {
    const own = await createTestRestaurant(t.db, {
      dishes: [{ name: 'Thali', priceCents: 1200, stock: 1_000 }],
    });
    const customers = await Promise.all(
      Array.from({ length: 20 }, () => createTestPerson(t.db, { role: 'CUSTOMER' })),
    );
    const orders: string[] = [];
    for (const c of customers) orders.push(await delivered(c.id, own.id));
    const stars = orders.map((_, i) => (i % 5) + 1);

    const results = await Promise.allSettled(
      orders.map((orderId, i) => review(customers[i]!, orderId, stars[i]!)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

    const sum = stars.reduce((a, b) => a + b, 0);
    expect(await written(own.id)).toMatchObject({ ratingCount: 20, ratingSum: sum });
    const rows = await t.db.review.aggregate({
      where: { restaurantId: own.id },
      _count: { _all: true },
      _sum: { stars: true },
    });
    expect(rows._count._all).toBe(20);
    expect(rows._sum.stars).toBe(sum);
    const list = await listRestaurantReviews(t.db, { restaurantId: own.id, limit: 50 });
    expect(list.rating).toEqual({ average: Math.round((sum / 20) * 10) / 10, count: 20 });
    expect(list.items).toHaveLength(20);
  });

  it('two reviews of the same order at once: exactly one wins, the other is ALREADY_REVIEWED', async () => {
    const orderId = await delivered();
    const before = await written();
    const results = await Promise.allSettled([
      review(customer, orderId, 2),
      review(customer, orderId, 5),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const reason: unknown = lost[0]!.reason;
    expect(isDomainError(reason) && reason.code).toBe('ALREADY_REVIEWED');
    const winner = await t.db.review.findUniqueOrThrow({ where: { orderId } });
    expect(await written()).toEqual({
      reviews: before.reviews + 1,
      ratingCount: before.ratingCount + 1,
      ratingSum: before.ratingSum + winner.stars,
    });
  });
});

describe('hiding a review', () => {
  it('takes it off the rating and the public list; the kitchen still sees it, marked', async () => {
    const own = await createTestRestaurant(t.db, {
      dishes: [{ name: 'Dosa', priceCents: 900, stock: 100 }],
    });
    const kept = await review(customer, await delivered(customer.id, own.id), 4, 'Crisp');
    const rude = await review(customer, await delivered(customer.id, own.id), 1, 'Rude words');
    expect(await written(own.id)).toMatchObject({ ratingCount: 2, ratingSum: 5 });

    const hidden = await t.db.$transaction((tx) =>
      hideReview(tx, person(admin), { reviewId: rude.id, reason: 'Abusive language' }),
    );
    expect(hidden.reviewId).toBe(rude.id);
    expect(await written(own.id)).toMatchObject({ ratingCount: 1, ratingSum: 4 });
    const row = await t.db.review.findUniqueOrThrow({ where: { id: rude.id } });
    expect(row).toMatchObject({ hiddenReason: 'Abusive language', hiddenBy: `admin:${admin.id}` });
    expect(row.hiddenAt).toBeInstanceOf(Date);

    const list = await listRestaurantReviews(t.db, { restaurantId: own.id, limit: 20 });
    expect(list.items.map((r) => r.id)).toEqual([kept.id]);
    expect(list.rating).toEqual({ average: 4, count: 1 });
    expect(list.items[0]).toMatchObject({ author: 'Asha', stars: 4, comment: 'Crisp' });

    const ownStaff = await createTestPerson(t.db, {
      role: 'RESTAURANT_STAFF',
      restaurantId: own.id,
    });
    const kitchen = await listKitchenReviews(t.db, person(ownStaff), { limit: 20 });
    expect(kitchen.items.map((r) => [r.id, r.hiddenReason])).toEqual([
      [rude.id, 'Abusive language'],
      [kept.id, null],
    ]);
  });

  it('two admins hiding one review at once: its stars come off once, the other hears why', async () => {
    const own = await createTestRestaurant(t.db, {
      dishes: [{ name: 'Idli', priceCents: 500, stock: 100 }],
    });
    const target = await review(customer, await delivered(customer.id, own.id), 2);
    const other = await createTestPerson(t.db, { role: 'ADMIN' });
    const results = await Promise.allSettled(
      [admin, other].map((a) =>
        t.db.$transaction(
          (tx) => hideReview(tx, person(a), { reviewId: target.id, reason: 'Spam' }),
          TX,
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect(isDomainError(lost?.reason) && lost.reason.code).toBe('INVALID_REQUEST');
    expect(await written(own.id)).toMatchObject({ ratingCount: 0, ratingSum: 0 });
  });

  it('only admins may hide; a refusal changes nothing', async () => {
    const target = await review(customer, await delivered(), 3);
    const before = await written();
    for (const who of [customer, staff, courier]) {
      expect(
        await refusedWith(
          t.db.$transaction((tx) =>
            hideReview(tx, person(who), { reviewId: target.id, reason: 'Mine' }),
          ),
        ),
      ).toBe('FORBIDDEN');
    }
    expect(await written()).toEqual(before);
    expect((await t.db.review.findUniqueOrThrow({ where: { id: target.id } })).hiddenAt).toBe(null);
  });
});

describe('the public list', () => {
  it('pages newest first without skipping or repeating', async () => {
    const own = await createTestRestaurant(t.db, {
      dishes: [{ name: 'Vada', priceCents: 400, stock: 100 }],
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.unshift((await review(customer, await delivered(customer.id, own.id), 5)).id);
    }
    const first = await listRestaurantReviews(t.db, { restaurantId: own.id, limit: 2 });
    const second = await listRestaurantReviews(t.db, {
      restaurantId: own.id,
      limit: 2,
      cursor: first.nextCursor!,
    });
    const third = await listRestaurantReviews(t.db, {
      restaurantId: own.id,
      limit: 2,
      cursor: second.nextCursor!,
    });
    expect([...first.items, ...second.items, ...third.items].map((r) => r.id)).toEqual(ids);
    expect(third.nextCursor).toBe(null);
  });
});

describe('the order page', () => {
  it('offers the form to the customer once delivered, then shows the review', async () => {
    const orderId = await delivered();
    const open = await reviewForOrder(t.db, person(customer), orderId);
    expect(open.canReview).toBe(true);
    expect(open.review).toBe(null);
    expect(open.reviewableUntil).toBeInstanceOf(Date);
    expect((await reviewForOrder(t.db, person(staff), orderId)).canReview).toBe(false);

    await review(customer, orderId, 5, 'Lovely');
    const done = await reviewForOrder(t.db, person(customer), orderId);
    expect(done.canReview).toBe(false);
    expect(done.review).toMatchObject({ stars: 5, comment: 'Lovely', hiddenAt: null });
    expect(await refusedWith(reviewForOrder(t.db, person(stranger), orderId))).toBe('FORBIDDEN');
  });
});
