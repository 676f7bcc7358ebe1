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

/** A card was declined (or the provider failed the attempt); the order still waits for a payment. */
export const paymentFailedV1 = z.object({
  orderId: z.uuid(),
  paymentId: z.uuid(),
  userId: z.uuid(),
  /** The bank's or provider's words, as the pay page shows them. */
  message: z.string().max(500).nullable(),
});

/** The provider confirmed a refund: the money is on its way back to the customer. */
export const paymentRefundedV1 = z.object({
  refundId: z.uuid(),
  orderId: z.uuid(),
  userId: z.uuid(),
  amountCents: z.int().nonnegative(),
});
