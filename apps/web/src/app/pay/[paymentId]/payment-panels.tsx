'use client';

// What both pay pages (the sandbox's test-card form and Stripe's Payment Element) show around
// their form: the amount, the paid and closed endings, and following the payment after "Pay"
// until its webhook has landed, since only the webhook moves the order.
import type { ReactNode } from 'react';

import { useEffect } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';

import type { RouterOutputs } from '@tiffin/api';

import { formatMoney } from '../../../lib/money';
import { api } from '../../../trpc/react';

export type Payment = RouterOutputs['payment']['byId'];

/** How often the page looks for the webhook's effect after a payment went through. */
const FOLLOW_MS = 1_000;

/** The payment, read again every second while `following`; goes to the order once it is paid. */
export function useFollowedPayment(initial: Payment, following: boolean) {
  const router = useRouter();
  const payment = api.payment.byId.useQuery(
    { paymentId: initial.paymentId },
    { initialData: initial, refetchInterval: following ? FOLLOW_MS : false },
  );
  const current = payment.data;
  const orderHref = `/orders/${current.orderId}`;
  const paidJustNow = current.status === 'succeeded' && following;
  useEffect(() => {
    if (paidJustNow) router.push(orderHref);
  }, [paidJustNow, orderHref, router]);
  return { current, orderHref };
}

/** The restaurant and the amount, with a line on who handles the card. */
export function PaymentSummary({ payment, note }: { payment: Payment; note: string }) {
  return (
    <div className="rounded-2xl border border-stone-200 bg-white p-5 shadow-sm">
      <p className="text-sm text-stone-600">{payment.restaurantName}</p>
      <p className="text-3xl font-bold tabular-nums" data-testid="pay-amount">
        {formatMoney(payment.amountCents)}
      </p>
      <p className="mt-1 text-xs text-stone-500">{note}</p>
    </div>
  );
}

/** The page once nothing is left to pay: paid, or closed (cancelled), and the way to the order. */
export function PaymentEnded({
  summary,
  outcome,
  message,
  orderHref,
}: {
  summary: ReactNode;
  outcome: 'paid' | 'closed';
  message: string;
  orderHref: string;
}) {
  return (
    <div className="space-y-4">
      {summary}
      {outcome === 'paid' ? (
        <p role="status" data-testid="pay-succeeded" className="text-emerald-800">
          {message}
        </p>
      ) : (
        <p role="alert" data-testid="pay-closed" className="text-red-800">
          {message}
        </p>
      )}
      <Link href={orderHref} className="font-semibold text-brand-800 underline">
        {outcome === 'paid' ? 'Follow your order' : 'See the order'}
      </Link>
    </div>
  );
}
