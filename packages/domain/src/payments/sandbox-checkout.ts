// The sandbox's pay page, server side: the customer's test card decides the outcome, the
// sandbox's own books record a capture at most once (two tabs paying: one capture, the other is
// told it's paid), and the outcome goes out as a webhook for the worker to sign and deliver.
// Nothing here touches Tiffin's ledger or the order: only the webhook does.
import { randomUUID } from 'node:crypto';

import type { Db, PrismaTransaction } from '@tiffin/db';

import { DomainError } from '../errors';
import { event, writeOutboxEvents } from '../outbox/write-outbox';
import { DECLINE_MESSAGE, testCardOutcome } from './test-cards';

export type SandboxOutcome = 'succeeded' | 'declined' | 'requires_action';

/** The payment as the pay page shows it, to its customer only. */
export async function paymentForPayPage(db: Db, paymentId: string, viewer: { userId: string }) {
  const payment = await db.payment.findUnique({
    where: { id: paymentId },
    select: {
      id: true,
      kind: true,
      provider: true,
      status: true,
      amountCents: true,
      currency: true,
      lastError: true,
      order: {
        select: {
          id: true,
          userId: true,
          status: true,
          restaurant: { select: { name: true } },
        },
      },
    },
  });
  if (payment?.kind !== 'charge' || payment.order.userId !== viewer.userId) {
    throw new DomainError('NOT_FOUND', 'We could not find that payment.');
  }
  return {
    paymentId: payment.id,
    provider: payment.provider,
    status: payment.status,
    amountCents: payment.amountCents,
    currency: payment.currency,
    lastError: payment.lastError,
    orderId: payment.order.id,
    orderStatus: payment.order.status,
    restaurantName: payment.order.restaurant.name,
  };
}

export async function payWithTestCard(
  db: Db,
  input: { paymentId: string; cardNumber: string; confirmAction: boolean },
  viewer: { userId: string },
): Promise<{ outcome: SandboxOutcome; eventId: string }> {
  const payment = await paymentForPayPage(db, input.paymentId, viewer);
  if (payment.provider !== 'sandbox') {
    throw new DomainError('INVALID_REQUEST', 'This payment is not a sandbox payment.');
  }
  if (payment.status === 'succeeded') {
    throw new DomainError('PAYMENT_CLOSED', 'This order is already paid.');
  }
  if (payment.orderStatus !== 'awaiting_payment') {
    throw new DomainError(
      'PAYMENT_CLOSED',
      payment.orderStatus === 'cancelled'
        ? 'This order was cancelled, so it can no longer be paid.'
        : 'This order is already paid.',
    );
  }
  const card = testCardOutcome(input.cardNumber);
  if (!card) {
    throw new DomainError(
      'INVALID_REQUEST',
      'Use one of the test cards listed on this page; real cards are never charged here.',
    );
  }
  const outcome: SandboxOutcome =
    card === 'succeeds' || (card === 'requires_action' && input.confirmAction)
      ? 'succeeded'
      : card === 'declined'
        ? 'declined'
        : 'requires_action';

  return db.$transaction(async (tx) => {
    const intent = await tx.sandboxIntent.findUnique({
      where: { paymentId: payment.paymentId },
      select: { providerRef: true, amountCents: true, currency: true },
    });
    if (!intent) throw new DomainError('NOT_FOUND', 'We could not find that payment.');
    if (outcome === 'succeeded') {
      // The capture: conditional, so of two tabs paying at once exactly one captures.
      const captured = await tx.sandboxIntent.updateMany({
        where: { paymentId: payment.paymentId, capturedAt: null },
        data: { capturedAt: new Date() },
      });
      if (captured.count === 0) {
        throw new DomainError('PAYMENT_CLOSED', 'This order is already paid.');
      }
    }
    const eventId = await queueWebhook(tx, payment.orderId, intent, outcome);
    return { outcome, eventId };
  });
}

const EVENT_TYPES: Readonly<Record<SandboxOutcome, string>> = {
  succeeded: 'payment_intent.succeeded',
  declined: 'payment_intent.payment_failed',
  requires_action: 'payment_intent.requires_action',
};

/** The provider's webhook, Stripe-shaped, queued for the worker to sign and deliver. */
async function queueWebhook(
  tx: PrismaTransaction,
  orderId: string,
  intent: { providerRef: string; amountCents: number; currency: string },
  outcome: SandboxOutcome,
): Promise<string> {
  const eventId = `evt_sbx_${randomUUID().replaceAll('-', '')}`;
  const body = JSON.stringify({
    id: eventId,
    object: 'event',
    type: EVENT_TYPES[outcome],
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: intent.providerRef,
        object: 'payment_intent',
        amount: intent.amountCents,
        currency: intent.currency.toLowerCase(),
        last_payment_error: outcome === 'declined' ? { message: DECLINE_MESSAGE } : null,
      },
    },
  });
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: { correlationId: true },
  });
  await writeOutboxEvents(tx, [
    event(
      'payment.sandbox_webhook.v1',
      { orderId, eventId, body },
      { correlationId: order.correlationId, source: 'sandbox.pay' },
    ),
  ]);
  return eventId;
}
