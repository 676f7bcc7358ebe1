// The worker's half of a refund: ask the provider, then mark the ledger row. The refund row's id
// is the idempotency key, so a retry after a lost answer refunds once. A failed call is recorded
// on the row (attempts, last error: what admins see) and thrown, so the consumer retries it.
// The row turning `succeeded` and its `payment.refunded.v1` event are written together, once.
import type { Db } from '@tiffin/db';

import type { PaymentProvider } from './payment-provider';
import { DomainError } from '../errors';
import { event, writeOutboxEvents } from '../outbox/write-outbox';

export async function performRefund(
  db: Db,
  provider: PaymentProvider,
  refundId: string,
): Promise<'refunded' | 'already_refunded'> {
  const refund = await db.payment.findUnique({
    where: { id: refundId },
    select: {
      id: true,
      kind: true,
      status: true,
      orderId: true,
      amountCents: true,
      provider: true,
      order: { select: { userId: true, correlationId: true } },
    },
  });
  if (refund?.kind !== 'refund') throw new DomainError('NOT_FOUND', 'No such refund.');
  if (refund.status === 'succeeded') return 'already_refunded';
  const charge = await db.payment.findFirst({
    where: { orderId: refund.orderId, kind: 'charge', status: 'succeeded' },
    select: { providerRef: true },
  });
  if (!charge?.providerRef || refund.provider !== provider.name) {
    throw new DomainError('INVALID_REQUEST', 'This refund’s payment is not with this provider.');
  }
  try {
    const { refundRef } = await provider.refund({
      providerRef: charge.providerRef,
      amountCents: refund.amountCents,
      idempotencyKey: refund.id,
    });
    return await db.$transaction(async (tx) => {
      const settled = await tx.payment.updateMany({
        where: { id: refund.id, status: { not: 'succeeded' } },
        data: {
          status: 'succeeded',
          providerRef: refundRef,
          succeededAt: new Date(),
          lastError: null,
          attempts: { increment: 1 },
        },
      });
      // A concurrent retry settled it first and wrote the event: one refund, one announcement.
      if (settled.count === 0) return 'already_refunded' as const;
      await writeOutboxEvents(tx, [
        event(
          'payment.refunded.v1',
          {
            refundId: refund.id,
            orderId: refund.orderId,
            userId: refund.order.userId,
            amountCents: refund.amountCents,
          },
          { correlationId: refund.order.correlationId, source: 'db.performRefund' },
        ),
      ]);
      return 'refunded' as const;
    });
  } catch (error) {
    await db.payment.update({
      where: { id: refund.id },
      data: {
        attempts: { increment: 1 },
        lastError: error instanceof Error ? error.message.slice(0, 500) : 'refund failed',
      },
    });
    throw error;
  }
}

/** Refunds not settled yet, oldest first, with the provider's last word: what admins watch. */
export async function listOpenRefunds(db: Db) {
  return db.payment.findMany({
    where: { kind: 'refund', status: { not: 'succeeded' } },
    orderBy: { createdAt: 'asc' },
    take: 100,
    select: {
      id: true,
      orderId: true,
      amountCents: true,
      provider: true,
      attempts: true,
      lastError: true,
      createdAt: true,
    },
  });
}
