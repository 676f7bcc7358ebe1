// What a coupon code and a new coupon look like, shared by checkout, the admin console and the API.
import { z } from 'zod';

import { safeText } from '../input/safe-text';

/** Codes are stored and compared upper-case; customers may type them in any case. */
export const couponCodeSchema = safeText({ error: 'Enter a coupon code' })
  .trim()
  .min(3, { error: 'A coupon code has 3–32 letters, digits or dashes' })
  .max(32, { error: 'A coupon code has 3–32 letters, digits or dashes' })
  .regex(/^[A-Za-z0-9-]+$/, { error: 'A coupon code has 3–32 letters, digits or dashes' })
  .transform((code) => code.toUpperCase());

export const createCouponInputSchema = z
  .object({
    code: couponCodeSchema,
    kind: z.enum(['percentage', 'fixed'], { error: 'Choose a percentage or a fixed amount' }),
    /** Basis points (1000 = 10 %) for `percentage`, cents for `fixed`. */
    amount: z
      .int({ error: 'The amount is a whole number' })
      .min(1, { error: 'The amount must be positive' }),
    minSubtotalCents: z
      .int()
      .min(0, { error: 'The minimum cannot be negative' })
      .max(1_000_000)
      .default(0),
    expiresAt: z.coerce.date({ error: 'Enter a valid expiry date' }).optional(),
    perCustomerLimit: z
      .int()
      .min(1, { error: 'The limit per customer must be at least 1' })
      .max(1_000)
      .optional(),
    usageCap: z
      .int()
      .min(1, { error: 'The usage cap must be at least 1' })
      .max(1_000_000)
      .optional(),
  })
  .refine((c) => c.kind !== 'percentage' || c.amount <= 10_000, {
    error: 'A percentage coupon takes off at most 100 %',
    path: ['amount'],
  })
  .refine((c) => c.kind !== 'fixed' || c.amount <= 100_000, {
    error: 'A fixed coupon takes off at most 1000.00',
    path: ['amount'],
  });

export type CreateCouponInput = z.infer<typeof createCouponInputSchema>;

export const disableCouponInputSchema = z.object({ code: couponCodeSchema });
