// What the kitchen console sends. Admins act on a restaurant they name; staff on their own.
import { z } from 'zod';

import { dietaryTagSchema } from '../catalog/dietary-tags';
import { openingHoursInputSchema } from '../catalog/opening-hours';
import { MAX_PRICE_CENTS, MAX_STOCK } from '../catalog/restaurant-input';
import { safeText } from '../input/safe-text';

const orderId = z.uuid({ error: 'We could not find that order.' });
const menuItemId = z.uuid({ error: 'We could not find that menu item.' });
/** Only admins name a restaurant; staff act on their own. */
const restaurantId = z.uuid({ error: 'We could not find that restaurant.' }).optional();

export const kitchenOrderInputSchema = z.object({ orderId });

export const REJECT_REASON_MAX = 200;

export const kitchenRejectInputSchema = z.object({
  orderId,
  reason: safeText({ error: 'Say why, so the customer knows' })
    .trim()
    .min(3, { error: 'Say why, so the customer knows (at least 3 characters)' })
    .max(REJECT_REASON_MAX, { error: `At most ${REJECT_REASON_MAX} characters` }),
});

export const stockInputSchema = z
  .int({ error: 'Stock must be a whole number' })
  .min(0, { error: 'Stock cannot be negative' })
  .max(MAX_STOCK, { error: `Stock is at most ${MAX_STOCK}` });

export const setItemStockInputSchema = z.object({ menuItemId, stock: stockInputSchema });

export const setItemAvailableInputSchema = z.object({
  menuItemId,
  available: z.boolean({ error: 'Say whether the dish is available' }),
});

export const setOpenInputSchema = z.object({
  open: z.boolean({ error: 'Say whether the restaurant is open' }),
  restaurantId,
});

export const setOpeningHoursInputSchema = openingHoursInputSchema.extend({ restaurantId });

export const saveMenuItemInputSchema = z.object({
  /** Left out to create a dish; given to edit one. */
  id: menuItemId.optional(),
  restaurantId,
  name: safeText({ error: 'Enter a dish name' })
    .trim()
    .min(1, { error: 'Enter a dish name' })
    .max(80, { error: 'A dish name is at most 80 characters' }),
  description: safeText().trim().max(300, { error: 'At most 300 characters' }).default(''),
  category: safeText()
    .trim()
    .min(1, { error: 'Enter a course, e.g. Mains' })
    .max(40, { error: 'At most 40 characters' }),
  priceCents: z
    .int({ error: 'The price must be a whole number of cents' })
    .min(0, { error: 'The price cannot be negative' })
    .max(MAX_PRICE_CENTS, { error: `The price is at most ${MAX_PRICE_CENTS} cents` }),
  /** Left out when editing to keep the stock as it is (it moves with every order). */
  stock: stockInputSchema.optional(),
  isAvailable: z.boolean().default(true),
  tags: z
    .array(dietaryTagSchema)
    .max(6)
    .default([])
    .transform((tags) => [...new Set(tags)]),
});

export type SaveMenuItemInput = z.input<typeof saveMenuItemInputSchema>;
