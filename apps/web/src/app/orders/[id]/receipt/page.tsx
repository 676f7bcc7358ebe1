// A printable receipt: the restaurant, the lines, the price breakdown as charged, and how it was
// paid (with any refund). Only the order's customer (and those allowed to see the order) get it.
import type { Metadata } from 'next';

import { notFound, redirect } from 'next/navigation';

import { LocalTime } from '../../../../components/local-time';
import { Money } from '../../../../components/money';
import { PaymentSummary } from '../../../../components/payment-summary';
import { PriceBreakdownList } from '../../../../components/price-breakdown';
import { signInPath } from '../../../../lib/signin-redirect';
import { getSessionUser } from '../../../../server/auth';
import { getCaller, isTRPCErrorCode } from '../../../../server/caller';
import { PrintButton } from './print-button';

export const metadata: Metadata = { title: 'Receipt' };

export default async function ReceiptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getSessionUser();
  if (!user) redirect(signInPath(`/orders/${id}/receipt`));
  const api = await getCaller();
  let order;
  try {
    order = await api.order.byId({ orderId: id });
  } catch (error) {
    if (isTRPCErrorCode(error, 'NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST')) notFound();
    throw error;
  }
  return (
    <article
      className="mx-auto max-w-md space-y-5 rounded-2xl border border-stone-200 bg-white p-6 shadow-sm print:border-0 print:shadow-none"
      data-testid="receipt"
    >
      <header className="space-y-1">
        <h1 className="text-xl font-bold">{order.restaurant.name}</h1>
        <p className="text-sm text-stone-600">{order.restaurant.address}</p>
        <p className="text-sm text-stone-600">
          Receipt for order <span className="font-mono">{order.id}</span>
        </p>
        <p className="text-sm text-stone-600">
          <LocalTime value={order.createdAt} />
        </p>
      </header>
      <ul className="divide-y divide-stone-100" data-testid="receipt-lines">
        {order.items.map((item) => (
          <li key={item.menuItemId} className="flex justify-between gap-3 py-2 text-sm">
            <span>
              {item.quantity}× {item.name}
            </span>
            <span className="tabular-nums">
              <Money cents={item.unitPriceCents * item.quantity} />
            </span>
          </li>
        ))}
      </ul>
      <PriceBreakdownList price={order} couponCode={order.couponCode} testIdPrefix="receipt" />
      <PaymentSummary order={order} showPayLink={false} />
      <PrintButton />
    </article>
  );
}
