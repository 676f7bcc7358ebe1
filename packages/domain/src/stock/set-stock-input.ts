// What a stock change must look like: absolute values (not deltas), so applying one twice is
// harmless, the same way menu.stock_changed.v1 carries absolute counts.
import { z } from 'zod';

import { MAX_PRICE_CENTS, MAX_STOCK } from '../catalog/restaurant-input';

export const setStockInputSchema = z.object({
  menuItemId: z.uuid({ error: 'Unknown menu item' }),
  stock: z
    .int({ error: 'Stock must be a whole number' })
    .min(0, { error: 'Stock cannot be negative' })
    .max(MAX_STOCK, { error: `Stock is at most ${MAX_STOCK}` }),
  priceCents: z
    .int({ error: 'The price must be a whole number of cents' })
    .min(0, { error: 'The price cannot be negative' })
    .max(MAX_PRICE_CENTS, { error: `The price is at most ${MAX_PRICE_CENTS} cents` })
    .optional(),
  isAvailable: z.boolean().optional(),
});

export type SetStockInput = z.input<typeof setStockInputSchema>;
