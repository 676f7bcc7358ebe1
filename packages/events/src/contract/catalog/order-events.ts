// Order events: what the order lifecycle publishes. Payloads are versioned; a breaking change
// is a new type (`.v2`), never an edit of a published schema.
import { z } from 'zod';

export const orderStatusSchema = z.enum([
  'awaiting_payment',
  'created',
  'confirmed',
  'preparing',
  'ready_for_pickup',
  'out_for_delivery',
  'delivered',
  'cancelled',
]);

export const orderCreatedV1 = z.object({
  orderId: z.uuid(),
  userId: z.uuid(),
  restaurantId: z.uuid(),
  totalCents: z.int().nonnegative(),
  lines: z
    .array(
      z.object({
        menuItemId: z.uuid(),
        name: z.string(),
        quantity: z.int().positive(),
        unitPriceCents: z.int().nonnegative(),
      }),
    )
    .min(1),
});

export const orderStatusChangedV1 = z.object({
  orderId: z.uuid(),
  from: orderStatusSchema.nullable(),
  to: orderStatusSchema,
  version: z.int().positive(),
  actor: z.string(),
  at: z.iso.datetime(),
  // Added fields are optional, so events written before them still validate.
  /** Which kitchen's board the change belongs on. */
  restaurantId: z.uuid().optional(),
  /** Why, for a rejection or a cancellation; shown to the customer. */
  reason: z.string().nullable().optional(),
});
