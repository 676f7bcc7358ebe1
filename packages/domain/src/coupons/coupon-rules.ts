// Whether a coupon applies to an order, as a pure check: the quote and checkout ask the same
// question, and checkout asks again under the coupon's row lock for the usage counts.
import type { CouponRefusalCode } from '../errors';

export interface CouponRow {
  id: string;
  code: string;
  kind: 'percentage' | 'fixed';
  amount: number;
  minSubtotalCents: number;
  expiresAt: Date | null;
  perCustomerLimit: number | null;
  usageCap: number | null;
  timesUsed: number;
  disabledAt: Date | null;
}

/** Why a coupon does not apply; `exhausted` is the only one a race can cause. */
export type CouponRefusal = CouponRefusalCode;

export const COUPON_REFUSAL_MESSAGES: Readonly<Record<CouponRefusal, string>> = {
  unknown: 'We don’t know that code. Check it and try again.',
  disabled: 'This code is no longer valid.',
  expired: 'This code has expired.',
  below_minimum: 'Your order is below this code’s minimum; add a little more to use it.',
  customer_limit: 'You have already used this code as many times as it allows.',
  exhausted: 'This code has run out.',
};

/**
 * The first reason the coupon does not apply, or null when it does. `usesByCustomer` is null
 * when nobody is signed in (the limit is checked at checkout).
 */
export function couponRefusal(
  coupon: CouponRow | null,
  order: { subtotalCents: number; now: Date; usesByCustomer: number | null },
): CouponRefusal | null {
  if (!coupon) return 'unknown';
  if (coupon.disabledAt) return 'disabled';
  if (coupon.expiresAt && coupon.expiresAt.getTime() <= order.now.getTime()) return 'expired';
  if (order.subtotalCents < coupon.minSubtotalCents) return 'below_minimum';
  if (
    coupon.perCustomerLimit !== null &&
    order.usesByCustomer !== null &&
    order.usesByCustomer >= coupon.perCustomerLimit
  ) {
    return 'customer_limit';
  }
  if (coupon.usageCap !== null && coupon.timesUsed >= coupon.usageCap) return 'exhausted';
  return null;
}
