// Delivery events: the courier leg, from waiting for pickup to delivered.
import { z } from 'zod';

export const deliveryStatusSchema = z.enum([
  'waiting',
  'assigned',
  'on_the_way',
  'delivered',
  'cancelled',
]);

export const deliveryCreatedV1 = z.object({
  deliveryId: z.uuid(),
  orderId: z.uuid(),
  restaurantId: z.uuid(),
  courierId: z.uuid().nullable(),
  at: z.iso.datetime(),
});

export const deliveryStatusChangedV1 = z.object({
  deliveryId: z.uuid(),
  orderId: z.uuid(),
  from: deliveryStatusSchema,
  to: deliveryStatusSchema,
  version: z.int().positive(),
  actor: z.string(),
  at: z.iso.datetime(),
  // Added fields are optional, so events written before them still validate.
  restaurantId: z.uuid().optional(),
  /** The courier the delivery is assigned to after this change (null while none is). */
  courierId: z.uuid().nullable().optional(),
});
