// A refund is asked for in the transaction that makes it owed: the cancellation of a paid order,
// or a payment that succeeded after its order had already timed out. The ledger row and the
// event the worker acts on are written together; the worker calls the provider, with retries.
import type { PrismaTransaction } from '@tiffin/db';

import type { EventMeta } from '../outbox/write-outbox';
import { event, writeOutboxEvents } from '../outbox/write-outbox';

/** Records a full refund of the order's captured charge, once; null when nothing was paid. */
export async function requestRefundIfPaid(
  tx: PrismaTransaction,
  orderId: string,
  meta: EventMeta,
): Promise<string | null> {
  const charge = await tx.payment.findFirst({
    where: { orderId, kind: 'charge', status: 'succeeded' },
    select: { provider: true, amountCents: true, currency: true },
  });
  if (!charge) return null;
  const existing = await tx.payment.findFirst({
    where: { orderId, kind: 'refund' },
    select: { id: true },
  });
  if (existing) return existing.id;
  const refund = await tx.payment.create({
    data: {
      orderId,
      kind: 'refund',
      provider: charge.provider,
      amountCents: charge.amountCents,
      currency: charge.currency,
    },
    select: { id: true },
  });
  await writeOutboxEvents(tx, [
    event(
      'payment.refund_requested.v1',
      { refundId: refund.id, orderId, amountCents: charge.amountCents },
      meta,
    ),
  ]);
  return refund.id;
}
