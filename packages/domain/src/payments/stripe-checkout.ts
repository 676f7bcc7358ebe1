// What the pay page's Stripe card form starts from: the payment intent's client secret, for the
// order's own customer only, and only while the order still waits for its payment. The secret
// lets a browser confirm that one payment, so it goes to its customer and nowhere else.
import type { Db } from '@tiffin/db';

import type { PaymentProvider } from './payment-provider';
import { DomainError } from '../errors';
import { ensureCardPayment } from './card-payment';
import { paymentForPayPage } from './sandbox-checkout';

export async function stripeClientSecret(
  db: Db,
  provider: PaymentProvider | null,
  paymentId: string,
  viewer: { userId: string },
): Promise<{ clientSecret: string }> {
  // Someone else's payment, or none: the same NOT_FOUND, so ids can't be probed.
  const payment = await paymentForPayPage(db, paymentId, viewer);
  if (payment.provider !== 'stripe' || provider?.name !== 'stripe' || !provider.clientSecret) {
    throw new DomainError('INVALID_REQUEST', 'This payment is not taken by card through Stripe.');
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
  const row = await db.payment.findUniqueOrThrow({
    where: { id: payment.paymentId },
    select: { providerRef: true },
  });
  // A checkout that stopped before Stripe answered left no intent yet: create it now (idempotent).
  const providerRef = row.providerRef ?? (await ensureProviderRef(db, provider, payment.orderId));
  return { clientSecret: await provider.clientSecret(providerRef) };
}

async function ensureProviderRef(db: Db, provider: PaymentProvider, orderId: string) {
  const { id } = await ensureCardPayment(db, provider, orderId);
  const row = await db.payment.findUniqueOrThrow({ where: { id }, select: { providerRef: true } });
  if (!row.providerRef) throw new Error(`payment ${id} has no provider reference`);
  return row.providerRef;
}
