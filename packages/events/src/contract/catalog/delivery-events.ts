// Delivery events: the courier leg, from waiting for pickup to delivered.
import { z } from 'zod';

export const deliveryStatusSchema = z.enum(['waiting', 'on_the_way', 'delivered']);

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
});
