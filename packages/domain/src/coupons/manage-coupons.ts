// Admins create, list and disable coupons. A disabled coupon stays on file (its redemptions
// refer to it) but no checkout takes it again.
import type { Db } from '@tiffin/db';
import { Prisma } from '@tiffin/db';

import type { CreateCouponInput } from './coupon-input';
import { DomainError } from '../errors';

export async function createCoupon(db: Db, input: CreateCouponInput) {
  // The unique index on the code decides, so two admins creating the same code get one coupon.
  return db.coupon
    .create({
      data: {
        code: input.code,
        kind: input.kind,
        amount: input.amount,
        minSubtotalCents: input.minSubtotalCents,
        expiresAt: input.expiresAt ?? null,
        perCustomerLimit: input.perCustomerLimit ?? null,
        usageCap: input.usageCap ?? null,
      },
    })
    .catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DomainError(
          'INVALID_REQUEST',
          `A coupon with the code ${input.code} already exists.`,
        );
      }
      throw error;
    });
}

export async function disableCoupon(db: Db, code: string) {
  const updated = await db.coupon.updateManyAndReturn({
    where: { code, disabledAt: null },
    data: { disabledAt: new Date() },
  });
  if (updated[0]) return updated[0];
  const coupon = await db.coupon.findUnique({ where: { code } });
  if (!coupon) throw new DomainError('NOT_FOUND', `There is no coupon with the code ${code}.`);
  return coupon;
}

export async function listCoupons(db: Db) {
  return db.coupon.findMany({ orderBy: { createdAt: 'desc' }, take: 200 });
}
