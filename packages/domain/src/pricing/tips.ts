// Tips: the chips the checkout offers (a share of the subtotal) and the cap on any tip, so a
// slip of the finger never sends a courier a month's rent.
import { z } from 'zod';

import { percentOf } from './rounding';

/** The preset chips, in basis points of the subtotal: 10 %, 15 %, 20 %. */
export const TIP_PRESETS_BPS = [1_000, 1_500, 2_000] as const;

/** The most anyone can tip on one order, in cents. */
export const MAX_TIP_CENTS = 10_000;

export const tipCentsSchema = z
  .int({ error: 'A tip is a whole number of cents' })
  .min(0, { error: 'A tip cannot be negative' })
  .max(MAX_TIP_CENTS, {
    error: `That tip is too large: the most is ${(MAX_TIP_CENTS / 100).toFixed(2)}`,
  });

/** A preset chip's tip on this subtotal, rounded like every other percentage. */
export function presetTip(subtotalCents: number, bps: number): number {
  return Math.min(percentOf(subtotalCents, bps), MAX_TIP_CENTS);
}
