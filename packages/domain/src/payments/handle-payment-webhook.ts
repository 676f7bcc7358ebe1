// A verified provider event, applied exactly once. The event id goes into the inbox in the same
// transaction as its effect, so a redelivery, a replay or a duplicate racing the first finds it
// there and changes nothing. The payment's row is locked first, so two events of one payment
// (a success and a late failure, delivered out of order) apply one after the other, and a
// success is final: no later failure undoes it. A success for an order that already timed out
// never revives it; the money is refunded.
import type { Db, PrismaTransaction } from '@tiffin/db';

import type { PaymentWebhookEvent, ProviderName } from './payment-provider';
import { DomainError, StaleTransitionError } from '../errors';
import { transitionOrder } from '../orders/transition-order';
import { event, writeOutboxEvents } from '../outbox/write-outbox';
import { requestRefundIfPaid } from './request-refund';

export type WebhookOutcome =
  /** Seen before: nothing changed. */
  | 'duplicate'
  /** Not an event Tiffin acts on. */
  | 'ignored'
  /** Paid: the order went to the kitchen. */
  | 'paid'
  /** Paid after its order had been cancelled: refunded, the order stays cancelled. */
  | 'paid_late_refunded'
  | 'declined'
  | 'requires_action'
  /** A known payment in a state this event doesn't change (e.g. a decline after the success). */
  | 'unchanged';

export async function handlePaymentWebhook(
  db: Db,
  provider: ProviderName,
  webhook: PaymentWebhookEvent,
): Promise<WebhookOutcome> {
  return db.$transaction((tx) => applyOnce(tx, provider, webhook));
}

async function applyOnce(
  tx: PrismaTransaction,
  provider: ProviderName,
  webhook: PaymentWebhookEvent,
): Promise<WebhookOutcome> {
  const inserted = await tx.$executeRaw`
    INSERT INTO "WebhookEvent" ("provider", "eventId", "type")
    VALUES (${provider}, ${webhook.eventId}, ${webhook.type})
    ON CONFLICT DO NOTHING`;
  if (inserted === 0) return 'duplicate';
  if (webhook.kind === 'ignored' || !webhook.providerRef) return 'ignored';

  // Locks the payment: its events apply one at a time, in whatever order they arrive.
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Payment"
    WHERE "providerRef" = ${webhook.providerRef} AND "kind" = 'charge' AND "provider" = ${provider}
    FOR UPDATE`;
  if (!locked) {
    // Rolls the inbox row back too: an unknown payment is refused, not remembered.
    throw new DomainError('NOT_FOUND', 'Unknown payment.');
  }
  const payment = await tx.payment.findUniqueOrThrow({
    where: { id: locked.id },
    select: {
      id: true,
      status: true,
      amountCents: true,
      order: { select: { id: true, status: true, correlationId: true, userId: true } },
    },
  });
  if (webhook.amountCents !== null && webhook.amountCents !== payment.amountCents) {
    throw new DomainError('INVALID_REQUEST', 'The paid amount is not the order’s total.');
  }
  if (payment.status === 'succeeded') return 'unchanged';

  switch (webhook.kind) {
    case 'payment_failed': {
      const message = webhook.failureMessage ?? 'Declined.';
      await tx.payment.update({
        where: { id: payment.id },
        data: { status: 'failed', lastError: message },
      });
      await writeOutboxEvents(tx, [
        event(
          'payment.failed.v1',
          {
            orderId: payment.order.id,
            paymentId: payment.id,
            userId: payment.order.userId,
            message,
          },
          { correlationId: payment.order.correlationId, source: 'db.handlePaymentWebhook' },
        ),
      ]);
      return 'declined';
    }
    case 'payment_requires_action':
      await tx.payment.update({
        where: { id: payment.id },
        data: { status: 'requires_action', lastError: null },
      });
      return 'requires_action';
    case 'payment_succeeded':
      await tx.payment.update({
        where: { id: payment.id },
        data: { status: 'succeeded', succeededAt: new Date(), lastError: null },
      });
      return settleOrder(tx, payment.order);
  }
}

/** The payment succeeded: the order goes to the kitchen, or, if it was cancelled, is refunded. */
async function settleOrder(
  tx: PrismaTransaction,
  order: { id: string; status: string; correlationId: string },
): Promise<WebhookOutcome> {
  const meta = { correlationId: order.correlationId, source: 'db.handlePaymentWebhook' };
  if (order.status === 'awaiting_payment') {
    try {
      await transitionOrder(tx, order.id, 'awaiting_payment', 'created', 'system', {
        reason: null,
      });
      await announceNewOrder(tx, order.id, meta);
      return 'paid';
    } catch (error) {
      // The payment timeout cancelled it a moment ago: fall through to the refund.
      if (!(error instanceof StaleTransitionError)) throw error;
    }
  }
  const now = await tx.order.findUniqueOrThrow({
    where: { id: order.id },
    select: { status: true },
  });
  if (now.status === 'cancelled') {
    await requestRefundIfPaid(tx, order.id, meta);
    return 'paid_late_refunded';
  }
  return 'unchanged';
}

/** What a cash order announces at checkout, a card order announces once paid. */
async function announceNewOrder(
  tx: PrismaTransaction,
  orderId: string,
  meta: { correlationId: string; source: string },
): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      userId: true,
      restaurantId: true,
      totalCents: true,
      items: {
        select: { menuItemId: true, name: true, quantity: true, unitPriceCents: true },
        orderBy: { menuItemId: 'asc' },
      },
    },
  });
  await writeOutboxEvents(tx, [
    event(
      'order.created.v1',
      {
        orderId,
        userId: order.userId,
        restaurantId: order.restaurantId,
        totalCents: order.totalCents,
        lines: order.items,
      },
      meta,
    ),
  ]);
}
