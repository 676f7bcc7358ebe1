// How an order was (or is to be) paid: cash or card, the charge's state, and every refund with
// its provider reference. Shown on the order page and the receipt.
import Link from 'next/link';

import type { RouterOutputs } from '@tiffin/api';

import { Money } from './money';

type OrderDetail = RouterOutputs['order']['byId'];

const CHARGE_STATUS: Record<OrderDetail['payments'][number]['status'], string> = {
  pending: 'Not paid yet',
  requires_action: 'Waiting for your confirmation',
  failed: 'Declined; you can try another card',
  succeeded: 'Paid',
};

export function PaymentSummary({
  order,
  showPayLink = true,
}: {
  order: Pick<OrderDetail, 'id' | 'status' | 'paymentMethod' | 'payments'>;
  showPayLink?: boolean;
}) {
  const charge = order.payments.find((p) => p.kind === 'charge');
  const refunds = order.payments.filter((p) => p.kind === 'refund');
  return (
    <div className="mt-3 space-y-1 text-sm text-stone-700" data-testid="order-payment">
      <p className="flex justify-between">
        <span>Payment</span>
        <span data-testid="order-payment-method">
          {order.paymentMethod === 'card' ? 'Card' : 'Cash on delivery'}
        </span>
      </p>
      {charge && (
        <p className="flex justify-between">
          <span>Card payment</span>
          <span data-testid="order-payment-status" data-status={charge.status}>
            {CHARGE_STATUS[charge.status]}
          </span>
        </p>
      )}
      {refunds.map((refund) => (
        <p
          key={refund.id}
          className="flex justify-between"
          data-testid="order-refund"
          data-status={refund.status}
        >
          <span>
            {refund.status === 'succeeded' ? 'Refunded' : 'Refund on its way'}
            {refund.providerRef && (
              <span className="ml-1 font-mono text-xs text-stone-500">{refund.providerRef}</span>
            )}
          </span>
          <span className="tabular-nums">
            <Money cents={refund.amountCents} />
          </span>
        </p>
      ))}
      {showPayLink && charge && order.status === 'awaiting_payment' && (
        <Link
          href={`/pay/${charge.id}`}
          className="inline-block font-semibold text-brand-800 underline"
          data-testid="order-pay-link"
        >
          Pay now
        </Link>
      )}
    </div>
  );
}
