// A card order's payment with its provider. The ledger row is written with the order (in the
// checkout transaction); the provider is asked afterwards, outside it, with the row's id as the
// idempotency key, so a retried checkout (or a crash between the two) gets back the same payment.
import type { Db } from '@tiffin/db';

import type { PaymentProvider } from './payment-provider';
import { DomainError } from '../errors';

export interface OrderPayment {
  id: string;
  /** Where the customer pays: our own pay page. */
  redirectUrl: string;
  status: 'pending' | 'requires_action' | 'failed' | 'succeeded';
  amountCents: number;
}

export async function ensureCardPayment(
  db: Db,
  provider: PaymentProvider,
  orderId: string,
): Promise<OrderPayment> {
  const charge = await db.payment.findFirst({
    where: { orderId, kind: 'charge' },
    select: { id: true, providerRef: true, provider: true, status: true, amountCents: true },
  });
  if (!charge) throw new DomainError('NOT_FOUND', 'This order has no card payment.');
  if (charge.provider !== provider.name) {
    throw new DomainError('INVALID_REQUEST', 'This payment belongs to another provider.');
  }
  const created = await provider.createPayment({
    paymentId: charge.id,
    orderId,
    amountCents: charge.amountCents,
    idempotencyKey: charge.id,
  });
  if (!charge.providerRef) {
    await db.payment.updateMany({
      where: { id: charge.id, providerRef: null },
      data: { providerRef: created.providerRef },
    });
  }
  return {
    id: charge.id,
    redirectUrl: created.redirectUrl,
    status: charge.status,
    amountCents: charge.amountCents,
  };
}
