// Payment events: what the money side of an order publishes. On the orders stream, since each
// belongs to one order and must keep its place among that order's events.
import { z } from 'zod';

/** A card order now waits for its payment (not tracked: the kitchen must not see it); the worker starts its payment timeout. */
export const paymentStartedV1 = z.object({
  orderId: z.uuid(),
  paymentId: z.uuid(),
  userId: z.uuid(),
  restaurantId: z.uuid(),
  totalCents: z.int().nonnegative(),
});

/** A refund is owed; the worker asks the provider for it (and retries until it is done). */
export const paymentRefundRequestedV1 = z.object({
  refundId: z.uuid(),
  orderId: z.uuid(),
  amountCents: z.int().nonnegative(),
});

/** The sandbox provider has an outcome to report; the worker signs and delivers the webhook. */
export const paymentSandboxWebhookV1 = z.object({
  orderId: z.uuid(),
  eventId: z.string().min(1).max(255),
  /** The webhook's JSON body, exactly as it will be signed and sent. */
  body: z.string().min(2).max(10_000),
});
