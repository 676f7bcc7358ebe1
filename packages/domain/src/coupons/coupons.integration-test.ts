import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestDatabase } from '@tiffin/stack/testing';
import { createTestDatabase } from '@tiffin/stack/testing';

import type { RestaurantFees } from '../pricing/price-order';
import { person } from '../authority/actor';
import { DomainError } from '../errors';
import { placeOrderInputSchema } from '../orders/order-input';
import { takeOrderStep } from '../orders/order-steps';
import { placeOrder } from '../orders/place-order';
import { priceOrder } from '../pricing/price-order';
import { quoteOrder } from '../pricing/quote-order';
import { createCouponInputSchema } from './coupon-input';
import { createCoupon, disableCoupon } from './manage-coupons';

let t: TestDatabase;
let customerId: string;
let fees: RestaurantFees;
let restaurantId: string;
let dish: { id: string; name: string; priceCents: number };

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), { poolSize: 20 });
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  const restaurant = await t.db.restaurant.findUniqueOrThrow({
    where: { slug: 'saffron-tandoor' },
    include: { menuItems: { orderBy: { priceCents: 'desc' }, take: 1 } },
  });
  restaurantId = restaurant.id;
  fees = restaurant;
  dish = restaurant.menuItems[0]!;
  await t.db.menuItem.update({ where: { id: dish.id }, data: { stock: 1000 } });
});
afterAll(async () => {
  await t.drop();
});

function order(extra: Record<string, unknown> = {}, quantity = 1) {
  return placeOrderInputSchema.parse({
    items: [{ menuItemId: dish.id, quantity, expectedPriceCents: dish.priceCents }],
    deliveryAddress: '12 Curry Lane, Flat 3',
    idempotencyKey: randomUUID(),
    ...extra,
  });
}

async function coupon(fields: Record<string, unknown>) {
  return createCoupon(
    t.db,
    createCouponInputSchema.parse({
      code: `T${randomUUID().slice(0, 8)}`,
      kind: 'percentage',
      amount: 1_000,
      ...fields,
    }),
  );
}

async function world() {
  const [orders, outbox, redemptions, item] = await Promise.all([
    t.db.order.count(),
    t.db.outboxEvent.count(),
    t.db.couponRedemption.count(),
    t.db.menuItem.findUniqueOrThrow({ where: { id: dish.id }, select: { stock: true } }),
  ]);
  return { orders, outbox, redemptions, stock: item.stock };
}

async function customers(n: number) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      t.db.user.create({
        data: {
          email: `racer-${randomUUID()}@tiffin.test`,
          name: `Racer ${i}`,
          passwordHash: 'not-a-real-hash',
        },
        select: { id: true },
      }),
    ),
  );
}

describe('coupons at checkout', () => {
  it('50 customers race for a coupon with 10 uses left: exactly 10 discounted, 40 CONFLICT, nothing else changes', async () => {
    const code = await coupon({ usageCap: 15 });
    await t.db.coupon.update({ where: { id: code.id }, data: { timesUsed: 5 } });
    const racers = await customers(50);
    const before = await world();

    const results = await Promise.allSettled(
      racers.map((racer) =>
        placeOrder(t.db, order({ couponCode: code.code.toLowerCase() }), { userId: racer.id }),
      ),
    );

    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.order] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(40);
    for (const loss of lost) {
      expect(loss).toBeInstanceOf(DomainError);
      expect((loss as DomainError).code).toBe('COUPON_EXHAUSTED');
      expect((loss as DomainError).message).toBe('This code has run out.');
    }
    const discounted = await t.db.order.findMany({
      where: { id: { in: won.map((w) => w.orderId) } },
    });
    const expected = priceOrder({
      lines: [{ quantity: 1, unitPriceCents: dish.priceCents }],
      fees,
      coupon: { kind: 'percentage', amount: 1_000 },
    });
    expect(discounted).toHaveLength(10);
    for (const row of discounted) {
      expect(row).toMatchObject({
        couponCode: code.code,
        discountCents: expected.discountCents,
        totalCents: expected.totalCents,
      });
    }
    // The losers rolled back whole: only the winners' orders, events, stock and uses exist.
    expect(await world()).toEqual({
      orders: before.orders + 10,
      outbox: before.outbox + 20,
      redemptions: before.redemptions + 10,
      stock: before.stock - 10,
    });
    expect((await t.db.coupon.findUniqueOrThrow({ where: { id: code.id } })).timesUsed).toBe(15);
  });

  it('a cancelled order gives its use back, and the next customer gets it', async () => {
    const code = await coupon({ usageCap: 1 });
    const [other] = await customers(1);
    const { order: first } = await placeOrder(t.db, order({ couponCode: code.code }), {
      userId: customerId,
    });
    await expect(
      placeOrder(t.db, order({ couponCode: code.code }), { userId: other!.id }),
    ).rejects.toThrow('This code has run out.');

    await t.db.$transaction((tx) =>
      takeOrderStep(
        tx,
        person({ id: customerId, role: 'CUSTOMER', restaurantId: null }),
        'cancel',
        first.orderId,
      ),
    );
    expect((await t.db.coupon.findUniqueOrThrow({ where: { id: code.id } })).timesUsed).toBe(0);
    expect(await t.db.couponRedemption.count({ where: { orderId: first.orderId } })).toBe(0);

    const { order: second } = await placeOrder(t.db, order({ couponCode: code.code }), {
      userId: other!.id,
    });
    expect(
      (await t.db.order.findUniqueOrThrow({ where: { id: second.orderId } })).discountCents,
    ).toBeGreaterThan(0);
  });

  const refusals: [string, () => Promise<string>, string, RegExp][] = [
    ['an unknown code', () => Promise.resolve('NOSUCHCODE'), 'unknown', /don’t know that code/],
    [
      'an expired code',
      async () => (await coupon({ expiresAt: new Date(Date.now() - 60_000) })).code,
      'expired',
      /expired/,
    ],
    [
      'a disabled code',
      async () => (await disableCoupon(t.db, (await coupon({})).code)).code,
      'disabled',
      /no longer valid/,
    ],
    [
      'a code whose minimum the order does not reach',
      async () => (await coupon({ minSubtotalCents: 1_000_000 })).code,
      'below_minimum',
      /below this code’s minimum/,
    ],
  ];
  for (const [name, makeCode, refusal, message] of refusals) {
    it(`${name} is COUPON_INVALID with a readable message, and writes nothing`, async () => {
      const code = await makeCode();
      const before = await world();
      const error = await placeOrder(t.db, order({ couponCode: code }), {
        userId: customerId,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('COUPON_INVALID');
      expect((error as DomainError).details).toEqual({ code: code.toUpperCase(), refusal });
      expect((error as DomainError).message).toMatch(message);
      expect(await world()).toEqual(before);
    });
  }

  it('the per-customer limit holds even for two tabs at once', async () => {
    const code = await coupon({ perCustomerLimit: 1 });
    const [racer] = await customers(1);
    const results = await Promise.allSettled([
      placeOrder(t.db, order({ couponCode: code.code }), { userId: racer!.id }),
      placeOrder(t.db, order({ couponCode: code.code }), { userId: racer!.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [loss] = results.flatMap((r) =>
      r.status === 'rejected' ? [r.reason as DomainError] : [],
    );
    expect(loss?.details).toEqual({ code: code.code, refusal: 'customer_limit' });
    expect((await t.db.coupon.findUniqueOrThrow({ where: { id: code.id } })).timesUsed).toBe(1);
  });
});

describe('the quote and the order agree', () => {
  it('a fixed coupon and a tip: the quote shows what checkout charges, and the order stores it', async () => {
    const code = await coupon({ kind: 'fixed', amount: 300 });
    const input = { couponCode: code.code, tipCents: 250 };
    const quote = await quoteOrder(
      t.db,
      { items: [{ menuItemId: dish.id, quantity: 2 }], ...input },
      { userId: customerId },
    );
    expect(quote.ok).toBe(true);
    expect(quote.coupon).toMatchObject({ applied: true, code: code.code });
    expect(quote.price).toEqual(
      priceOrder({
        lines: [{ quantity: 2, unitPriceCents: dish.priceCents }],
        fees,
        coupon: { kind: 'fixed', amount: 300 },
        tipCents: 250,
      }),
    );

    const { order: placed } = await placeOrder(
      t.db,
      order({ ...input, expectedTotalCents: quote.price.totalCents }, 2),
      { userId: customerId },
    );
    const row = await t.db.order.findUniqueOrThrow({ where: { id: placed.orderId } });
    expect(row).toMatchObject({
      subtotalCents: quote.price.subtotalCents,
      discountCents: 300,
      serviceFeeCents: quote.price.serviceFeeCents,
      taxCents: quote.price.taxCents,
      deliveryFeeCents: fees.deliveryFeeCents,
      tipCents: 250,
      totalCents: quote.price.totalCents,
      couponCode: code.code,
    });
  });

  it('a total that moved since the quote is QUOTE_CHANGED, and nothing is written', async () => {
    const before = await world();
    const quote = await quoteOrder(
      t.db,
      { items: [{ menuItemId: dish.id, quantity: 1 }], tipCents: 0 },
      { userId: customerId },
    );
    await t.db.restaurant.update({ where: { id: restaurantId }, data: { deliveryFeeCents: 999 } });
    try {
      const error = await placeOrder(t.db, order({ expectedTotalCents: quote.price.totalCents }), {
        userId: customerId,
      }).catch((e: unknown) => e);
      expect((error as DomainError).code).toBe('QUOTE_CHANGED');
      expect((error as DomainError).details).toEqual({
        expectedTotalCents: quote.price.totalCents,
        totalCents: quote.price.totalCents - fees.deliveryFeeCents + 999,
      });
      expect(await world()).toEqual(before);
    } finally {
      await t.db.restaurant.update({
        where: { id: restaurantId },
        data: { deliveryFeeCents: fees.deliveryFeeCents },
      });
    }
  });

  it('below the minimum, the quote says so and checkout refuses, writing nothing', async () => {
    await t.db.restaurant.update({
      where: { id: restaurantId },
      data: { minimumOrderCents: dish.priceCents + 1 },
    });
    try {
      const quote = await quoteOrder(
        t.db,
        { items: [{ menuItemId: dish.id, quantity: 1 }], tipCents: 0 },
        { userId: null },
      );
      expect(quote.ok).toBe(false);
      expect(quote.shortOfMinimumCents).toBe(1);
      expect(quote.reasons.map((r) => r.code)).toEqual(['below_minimum']);
      const before = await world();
      await expect(placeOrder(t.db, order(), { userId: customerId })).rejects.toThrow(/minimum/);
      expect(await world()).toEqual(before);
    } finally {
      await t.db.restaurant.update({
        where: { id: restaurantId },
        data: { minimumOrderCents: fees.minimumOrderCents },
      });
    }
  });

  it('a sold-out line is marked, left out of the totals, and the quote is not orderable', async () => {
    const soldOut = await t.db.menuItem.findFirstOrThrow({
      where: { restaurantId, id: { not: dish.id } },
    });
    await t.db.menuItem.update({ where: { id: soldOut.id }, data: { stock: 0 } });
    const quote = await quoteOrder(
      t.db,
      {
        items: [
          { menuItemId: dish.id, quantity: 1 },
          { menuItemId: soldOut.id, quantity: 2 },
        ],
        couponCode: 'NOSUCHCODE',
        tipCents: 0,
      },
      { userId: null },
    );
    expect(quote.lines.find((l) => l.menuItemId === soldOut.id)).toMatchObject({
      orderable: false,
      problems: ['sold_out'],
    });
    expect(quote.price.subtotalCents).toBe(dish.priceCents);
    expect(quote.ok).toBe(false);
    expect(quote.reasons.map((r) => r.code)).toEqual(['unorderable_lines', 'invalid_coupon']);
    expect(quote.coupon).toMatchObject({ applied: false, refusal: 'unknown' });
  });
});
