// The rules an order request must meet before it touches stock. The API validates requests
// with these schemas and the checkout form reuses them, so client and server agree.
import { z } from 'zod';

import { couponCodeSchema } from '../coupons/coupon-input';
import { geoPointSchema } from '../geo/delivery-area';
import { safeText } from '../input/safe-text';
import { tipCentsSchema } from '../pricing/tips';

export const MAX_LINE_QUANTITY = 20;
export const MAX_ORDER_LINES = 50;

export const orderLineSchema = z.object({
  menuItemId: z.uuid({ error: 'Unknown menu item' }),
  quantity: z
    .int({ error: 'Quantity must be a whole number' })
    .min(1, { error: 'Quantity must be at least 1' })
    .max(MAX_LINE_QUANTITY, { error: `You can order at most ${MAX_LINE_QUANTITY} of one item` }),
  // The unit price the customer saw; when the kitchen's price differs, nothing is ordered.
  expectedPriceCents: z.int({ error: 'Prices are whole cents' }).min(0).optional(),
});

export const orderLinesSchema = z
  .array(orderLineSchema)
  .min(1, { error: 'Your cart is empty' })
  .max(MAX_ORDER_LINES, { error: `An order can have at most ${MAX_ORDER_LINES} lines` })
  .refine((lines) => new Set(lines.map((l) => l.menuItemId)).size === lines.length, {
    error: 'Each menu item may appear only once; change its quantity instead',
  });

export const deliveryDetailsSchema = z.object({
  deliveryAddress: safeText({ error: 'Enter a delivery address' })
    .trim()
    .min(5, { error: 'Enter a delivery address (street and number)' })
    .max(300, { error: 'The address is too long (300 characters at most)' }),
  note: safeText()
    .trim()
    .max(500, { error: 'The note is too long (500 characters at most)' })
    .optional(),
});

export const placeOrderInputSchema = deliveryDetailsSchema.extend({
  items: orderLinesSchema,
  /** The drop-off pin; without one the order drops off where the checkout's pin starts. */
  deliveryLocation: geoPointSchema.optional(),
  idempotencyKey: safeText({ error: 'An idempotency key is required' })
    .min(8, { error: 'The idempotency key must be 8–100 characters' })
    .max(100, { error: 'The idempotency key must be 8–100 characters' }),
  couponCode: couponCodeSchema.optional(),
  tipCents: tipCentsSchema.default(0),
  /** Cash on delivery unless the customer chose card; clients from before payments send neither. */
  paymentMethod: z.enum(['cash', 'card'], { error: 'Pay by card or cash' }).default('cash'),
  /** The total the last quote showed; when the order would cost anything else, nothing is ordered. */
  expectedTotalCents: z.int({ error: 'Prices are whole cents' }).min(0).optional(),
});

/** What order.quote prices: the cart as it stands (it may have problems; the quote names them). */
export const quoteOrderInputSchema = z.object({
  items: z
    .array(orderLineSchema)
    .max(MAX_ORDER_LINES, { error: `A cart can have at most ${MAX_ORDER_LINES} lines` }),
  couponCode: couponCodeSchema.optional(),
  tipCents: tipCentsSchema.default(0),
});

export type QuoteOrderInput = z.infer<typeof quoteOrderInputSchema>;

/** A parsed order request; callers inside the server may leave out what has a default. */
export type PlaceOrderInput = Omit<
  z.infer<typeof placeOrderInputSchema>,
  'tipCents' | 'paymentMethod'
> &
  Partial<Pick<z.infer<typeof placeOrderInputSchema>, 'tipCents' | 'paymentMethod'>>;
export type OrderLine = z.infer<typeof orderLineSchema>;
