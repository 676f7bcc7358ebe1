import { describe, expect, it } from 'vitest';

import type { CouponTerms, RestaurantFees } from './price-order';
import { discountFor, priceOrder, shortOfMinimum } from './price-order';
import { percentOf, roundHalfUp } from './rounding';
import { presetTip, TIP_PRESETS_BPS, tipCentsSchema } from './tips';

describe('roundHalfUp: a fraction of a cent rounds half up, in integers', () => {
  const cases: [number, number, number][] = [
    [0, 100, 0],
    [49, 100, 0],
    [50, 100, 1],
    [51, 100, 1],
    [149, 100, 1],
    [150, 100, 2],
    [250, 100, 3], // half up, not half even (which would give 2)
    [1, 3, 0],
    [2, 3, 1],
    [10_000, 10_000, 1],
    [15_000, 10_000, 2],
  ];
  for (const [n, d, expected] of cases) {
    it(`${n} / ${d} → ${expected}`, () => expect(roundHalfUp(n, d)).toBe(expected));
  }

  it('refuses negatives, fractions and a zero denominator', () => {
    expect(() => roundHalfUp(-1, 2)).toThrow(RangeError);
    expect(() => roundHalfUp(1.5, 2)).toThrow(RangeError);
    expect(() => roundHalfUp(1, 0)).toThrow(RangeError);
  });
});

describe('percentOf: basis points of an amount', () => {
  const cases: [number, number, number][] = [
    [1000, 875, 88], // 87.5 → 88
    [999, 875, 87], // 87.4125 → 87
    [200, 2_500, 50],
    [1, 5_000, 1], // 0.5 → 1
    [1, 4_999, 0],
    [3590, 500, 180], // 179.5 → 180
    [0, 875, 0],
  ];
  for (const [cents, bps, expected] of cases) {
    it(`${bps} bp of ${cents} → ${expected}`, () => expect(percentOf(cents, bps)).toBe(expected));
  }
});

const FEES: RestaurantFees = {
  deliveryFeeCents: 199,
  minimumOrderCents: 1000,
  serviceFeeBps: 500,
  taxRateBps: 875,
};
const NO_FEES: RestaurantFees = {
  deliveryFeeCents: 0,
  minimumOrderCents: 0,
  serviceFeeBps: 0,
  taxRateBps: 0,
};
const TEN_PERCENT: CouponTerms = { kind: 'percentage', amount: 1_000 };
const FIVE_OFF: CouponTerms = { kind: 'fixed', amount: 500 };

describe('priceOrder: the breakdown', () => {
  const cases: {
    name: string;
    lines: { quantity: number; unitPriceCents: number }[];
    fees: RestaurantFees;
    coupon?: CouponTerms;
    tip?: number;
    expected: {
      subtotal: number;
      discount: number;
      service: number;
      tax: number;
      delivery: number;
      tip: number;
      total: number;
    };
  }[] = [
    {
      name: 'no fees: the total is the dishes',
      lines: [{ quantity: 2, unitPriceCents: 450 }],
      fees: NO_FEES,
      expected: { subtotal: 900, discount: 0, service: 0, tax: 0, delivery: 0, tip: 0, total: 900 },
    },
    {
      name: 'fees and tax, each rounded half up on its own line',
      // 1795 + 2×450 = 2695; service 5 % = 134.75 → 135; tax 8.75 % of 2830 = 247.625 → 248
      lines: [
        { quantity: 1, unitPriceCents: 1795 },
        { quantity: 2, unitPriceCents: 450 },
      ],
      fees: FEES,
      expected: {
        subtotal: 2695,
        discount: 0,
        service: 135,
        tax: 248,
        delivery: 199,
        tip: 0,
        total: 3277,
      },
    },
    {
      name: 'a percentage coupon and a tip: tax on the discounted food, the tip untaxed',
      // 2000; 10 % off = 200; service 100; tax 8.75 % of 1900 = 166.25 → 166; tip 300
      lines: [{ quantity: 1, unitPriceCents: 2000 }],
      fees: FEES,
      coupon: TEN_PERCENT,
      tip: 300,
      expected: {
        subtotal: 2000,
        discount: 200,
        service: 100,
        tax: 166,
        delivery: 199,
        tip: 300,
        total: 2565,
      },
    },
    {
      name: 'a fixed coupon never takes off more than the dishes cost',
      lines: [{ quantity: 1, unitPriceCents: 450 }],
      fees: { ...FEES, minimumOrderCents: 0 },
      coupon: FIVE_OFF,
      // 450 − 450; service 5 % of 450 = 22.5 → 23; tax 8.75 % of 23 = 2.0125 → 2
      expected: {
        subtotal: 450,
        discount: 450,
        service: 23,
        tax: 2,
        delivery: 199,
        tip: 0,
        total: 224,
      },
    },
    {
      name: 'a percentage coupon rounds half up: 15 % of 1010 = 151.5 → 152',
      lines: [{ quantity: 1, unitPriceCents: 1010 }],
      fees: NO_FEES,
      coupon: { kind: 'percentage', amount: 1_500 },
      expected: {
        subtotal: 1010,
        discount: 152,
        service: 0,
        tax: 0,
        delivery: 0,
        tip: 0,
        total: 858,
      },
    },
    {
      name: 'exactly at the minimum, with a coupon and the largest tip',
      lines: [{ quantity: 1, unitPriceCents: 1000 }],
      fees: FEES,
      coupon: FIVE_OFF,
      tip: 10_000,
      // 1000 − 500; service 50; tax 8.75 % of 550 = 48.125 → 48
      expected: {
        subtotal: 1000,
        discount: 500,
        service: 50,
        tax: 48,
        delivery: 199,
        tip: 10_000,
        total: 10_797,
      },
    },
    {
      name: 'an empty order costs nothing, not even delivery',
      lines: [],
      fees: FEES,
      tip: 0,
      expected: { subtotal: 0, discount: 0, service: 0, tax: 0, delivery: 0, tip: 0, total: 0 },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const price = priceOrder({
        lines: c.lines,
        fees: c.fees,
        coupon: c.coupon ?? null,
        tipCents: c.tip ?? 0,
      });
      expect(price).toEqual({
        subtotalCents: c.expected.subtotal,
        discountCents: c.expected.discount,
        serviceFeeCents: c.expected.service,
        taxCents: c.expected.tax,
        deliveryFeeCents: c.expected.delivery,
        tipCents: c.expected.tip,
        totalCents: c.expected.total,
      });
      // The parts always add up to the total.
      expect(
        price.subtotalCents -
          price.discountCents +
          price.serviceFeeCents +
          price.taxCents +
          price.deliveryFeeCents +
          price.tipCents,
      ).toBe(price.totalCents);
    });
  }
});

describe('the minimum order counts the dishes before any coupon', () => {
  const cases: [number, number][] = [
    [999, 1],
    [1000, 0],
    [1500, 0],
    [0, 1000],
  ];
  for (const [subtotal, short] of cases) {
    it(`a subtotal of ${subtotal} is ${short} short of a 1000 minimum`, () =>
      expect(shortOfMinimum(subtotal, FEES)).toBe(short));
  }

  it('a coupon that takes the food under the minimum still leaves the order above it', () => {
    const price = priceOrder({
      lines: [{ quantity: 1, unitPriceCents: 1000 }],
      fees: FEES,
      coupon: FIVE_OFF,
    });
    expect(shortOfMinimum(price.subtotalCents, FEES)).toBe(0);
    expect(price.discountCents).toBe(500);
  });
});

describe('discountFor', () => {
  it('no coupon takes nothing off', () => expect(discountFor(null, 1234)).toBe(0));
  it('100 % off is the whole subtotal', () =>
    expect(discountFor({ kind: 'percentage', amount: 10_000 }, 1234)).toBe(1234));
});

describe('tips', () => {
  const presets: [number, number, number][] = [
    [2695, 1_000, 270], // 269.5 → 270
    [2695, 1_500, 404], // 404.25 → 404
    [2695, 2_000, 539],
    [1_000_000, 2_000, 10_000], // capped
  ];
  for (const [subtotal, bps, tip] of presets) {
    it(`${bps / 100} % of ${subtotal} is a tip of ${tip}`, () =>
      expect(presetTip(subtotal, bps)).toBe(tip));
  }

  it('offers 10, 15 and 20 %', () => expect(TIP_PRESETS_BPS).toEqual([1_000, 1_500, 2_000]));

  const refused: [string, unknown, RegExp][] = [
    ['a negative tip', -1, /cannot be negative/],
    ['an absurd tip', 10_001, /too large/],
    ['a fraction of a cent', 1.5, /whole number/],
    ['not a number', '5', /whole number/],
  ];
  for (const [name, value, message] of refused) {
    it(`${name} is refused`, () => {
      const result = tipCentsSchema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(message);
    });
  }
  it('zero and the cap are accepted', () => {
    expect(tipCentsSchema.parse(0)).toBe(0);
    expect(tipCentsSchema.parse(10_000)).toBe(10_000);
  });
});
