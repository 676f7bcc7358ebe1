// The payment timeout: a card order not paid within PAYMENT_TIMEOUT_MS is cancelled by the
// platform and its stock comes back. The same conditional transition as any other, so a payment
// that succeeds at the last moment and the timeout have exactly one winner (a later success is
// refunded by the webhook handler).
import type { PrismaTransaction } from '@tiffin/db';

import type { OrderTransition } from '../orders/transition-order';
import { StaleTransitionError } from '../errors';
import { transitionOrder } from '../orders/transition-order';

/** The reason the customer is shown. */
export const PAYMENT_TIMEOUT_REASON = 'the payment was not completed in time';

/** Cancels the order if it is still unpaid; null when it was paid (or cancelled) first. */
export async function expireUnpaidOrder(
  tx: PrismaTransaction,
  orderId: string,
): Promise<OrderTransition | null> {
  const order = await tx.order.findUnique({ where: { id: orderId }, select: { status: true } });
  if (order?.status !== 'awaiting_payment') return null;
  try {
    return await transitionOrder(tx, orderId, 'awaiting_payment', 'cancelled', 'system', {
      reason: PAYMENT_TIMEOUT_REASON,
    });
  } catch (error) {
    if (error instanceof StaleTransitionError) return null;
    throw error;
  }
}
