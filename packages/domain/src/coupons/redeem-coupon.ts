// Redeeming a coupon inside the checkout transaction. The use is taken with a conditional
// increment on the coupon's row: of customers racing for the last uses, exactly as many win as
// uses were left, and every other checkout rolls back with "This code has run out." The row lock
// that increment holds also orders the per-customer count behind any earlier use by the same
// customer, so the limit cannot be beaten by two tabs either.
import type { PrismaTransaction } from '@tiffin/db';

import type { CouponTerms } from '../pricing/price-order';
import type { CouponRow } from './coupon-rules';
import { DomainError } from '../errors';
import { discountFor } from '../pricing/price-order';
import { COUPON_REFUSAL_MESSAGES, couponRefusal } from './coupon-rules';

const COUPON_SELECT = {
  id: true,
  code: true,
  kind: true,
  amount: true,
  minSubtotalCents: true,
  expiresAt: true,
  perCustomerLimit: true,
  usageCap: true,
  timesUsed: true,
  disabledAt: true,
} as const;

export async function findCoupon(
  db: Pick<PrismaTransaction, 'coupon'>,
  code: string,
): Promise<CouponRow | null> {
  return db.coupon.findUnique({ where: { code: code.toUpperCase() }, select: COUPON_SELECT });
}

export async function usesByCustomer(
  db: Pick<PrismaTransaction, 'couponRedemption'>,
  couponId: string,
  userId: string,
): Promise<number> {
  return db.couponRedemption.count({ where: { couponId, userId } });
}

/** A coupon that does not apply, as the typed error checkout answers with. */
export function couponError(code: string, refusal: NonNullable<ReturnType<typeof couponRefusal>>) {
  return refusal === 'exhausted'
    ? new DomainError('COUPON_EXHAUSTED', COUPON_REFUSAL_MESSAGES.exhausted, { code })
    : new DomainError('COUPON_INVALID', COUPON_REFUSAL_MESSAGES[refusal], { code, refusal });
}

export interface Redemption {
  couponId: string;
  code: string;
  terms: CouponTerms;
  discountCents: number;
}

/**
 * Takes one use of `code` for an order with this subtotal, or throws COUPON_INVALID /
 * COUPON_EXHAUSTED. The caller writes the redemption row once the order exists
 * (recordRedemption), in the same transaction.
 */
export async function redeemCoupon(
  tx: PrismaTransaction,
  code: string,
  order: { userId: string; subtotalCents: number; now: Date },
): Promise<Redemption> {
  const coupon = await findCoupon(tx, code);
  const early = couponRefusal(coupon, { ...order, usesByCustomer: null });
  if (early) throw couponError(code.toUpperCase(), early);
  const found = coupon!;

  // Re-evaluated on the latest committed row once a racing checkout's lock is released.
  const taken = await tx.$queryRaw<{ timesUsed: number }[]>`
    UPDATE "Coupon" SET "timesUsed" = "timesUsed" + 1, "updatedAt" = now() AT TIME ZONE 'UTC'
    WHERE "id" = ${found.id}::uuid AND "disabledAt" IS NULL
      AND ("usageCap" IS NULL OR "timesUsed" < "usageCap")
    RETURNING "timesUsed"`;
  if (taken.length === 0) {
    const now = await findCoupon(tx, found.code);
    throw couponError(found.code, now?.disabledAt ? 'disabled' : 'exhausted');
  }
  if (found.perCustomerLimit !== null) {
    const used = await usesByCustomer(tx, found.id, order.userId);
    if (used >= found.perCustomerLimit) throw couponError(found.code, 'customer_limit');
  }
  return {
    couponId: found.id,
    code: found.code,
    terms: { kind: found.kind, amount: found.amount },
    discountCents: discountFor(found, order.subtotalCents),
  };
}

export async function recordRedemption(
  tx: PrismaTransaction,
  redemption: Redemption,
  order: { orderId: string; userId: string },
): Promise<void> {
  await tx.couponRedemption.create({
    data: {
      couponId: redemption.couponId,
      orderId: order.orderId,
      userId: order.userId,
      discountCents: redemption.discountCents,
    },
    select: { id: true },
  });
}

/** A cancelled order gives its coupon use back, in the cancellation's transaction. */
export async function releaseCoupon(tx: PrismaTransaction, orderId: string): Promise<void> {
  const released = await tx.$queryRaw<{ couponId: string }[]>`
    DELETE FROM "CouponRedemption" WHERE "orderId" = ${orderId}::uuid RETURNING "couponId"`;
  for (const { couponId } of released) {
    await tx.$executeRaw`
      UPDATE "Coupon" SET "timesUsed" = "timesUsed" - 1, "updatedAt" = now() AT TIME ZONE 'UTC'
      WHERE "id" = ${couponId}::uuid`;
  }
}
