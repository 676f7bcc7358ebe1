'use client';

// The pay page under Stripe. Stripe.js and the Payment Element load only here, and only when the
// payment can still be paid (a dynamic import), so no other page carries them. After the card is
// confirmed the outcome reaches the order only through Stripe's signed webhook, so the page
// follows the payment until the webhook has landed, then goes to the order.
import { useEffect, useState } from 'react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';

import type { RouterOutputs } from '@tiffin/api';

import { formatMoney } from '../../../lib/money';
import { api } from '../../../trpc/react';

type Payment = RouterOutputs['payment']['byId'];

/** How often the page looks for the webhook's effect after a payment went through. */
const FOLLOW_MS = 1_000;

const StripeCardForm = dynamic(() => import('./stripe-card-form'), {
  ssr: false,
  loading: () => (
    <p role="status" className="text-sm text-stone-700" data-testid="stripe-loading">
      Loading the card form…
    </p>
  ),
});

export function StripePay({
  initial,
  publishableKey,
  clientSecret,
  returned,
}: {
  initial: Payment;
  publishableKey: string;
  /** Null when the payment can no longer be paid (paid or cancelled). */
  clientSecret: string | null;
  /** How a payment that left for the bank's page ended, from Stripe's return URL. */
  returned: 'succeeded' | 'processing' | 'failed' | null;
}) {
  const router = useRouter();
  // Kept from the first render: dropping the return URL's query re-renders without it.
  const [returnedAs] = useState(returned);
  const [stage, setStage] = useState<'form' | 'processing'>(
    returned === 'succeeded' || returned === 'processing' ? 'processing' : 'form',
  );
  const payment = api.payment.byId.useQuery(
    { paymentId: initial.paymentId },
    { initialData: initial, refetchInterval: stage === 'processing' ? FOLLOW_MS : false },
  );
  const current = payment.data;
  const orderHref = `/orders/${current.orderId}`;
  const payPath = `/pay/${current.paymentId}`;

  // Stripe's return URL carries the intent and its client secret: drop them from the address bar
  // and the history as soon as the page is back.
  useEffect(() => {
    if (window.location.search) router.replace(payPath, { scroll: false });
  }, [payPath, router]);

  const paidJustNow = current.status === 'succeeded' && stage === 'processing';
  useEffect(() => {
    if (paidJustNow) router.push(orderHref);
  }, [paidJustNow, orderHref, router]);

  const summary = (
    <div className="rounded-2xl border border-stone-200 bg-white p-5 shadow-sm">
      <p className="text-sm text-stone-600">{current.restaurantName}</p>
      <p className="text-3xl font-bold tabular-nums" data-testid="pay-amount">
        {formatMoney(current.amountCents)}
      </p>
      <p className="mt-1 text-xs text-stone-500">Card payments are processed by Stripe.</p>
    </div>
  );

  if (current.status === 'succeeded') {
    return (
      <div className="space-y-4">
        {summary}
        <p role="status" data-testid="pay-succeeded" className="text-emerald-800">
          Paid. Your order is with the restaurant.
        </p>
        <Link href={orderHref} className="font-semibold text-brand-800 underline">
          Follow your order
        </Link>
      </div>
    );
  }
  if (current.orderStatus === 'cancelled' || !clientSecret) {
    return (
      <div className="space-y-4">
        {summary}
        <p role="alert" data-testid="pay-closed" className="text-red-800">
          {current.orderStatus === 'cancelled'
            ? 'This order was cancelled, so it can no longer be paid.'
            : 'This payment can no longer be made here.'}
        </p>
        <Link href={orderHref} className="font-semibold text-brand-800 underline">
          See the order
        </Link>
      </div>
    );
  }

  return (
    <div className="space-y-5">
      {summary}
      {stage === 'processing' ? (
        <p role="status" data-testid="pay-processing" className="text-stone-800">
          Payment sent. Waiting for the bank’s confirmation…
        </p>
      ) : (
        <>
          {returnedAs === 'failed' && (
            <p role="alert" className="text-sm text-red-800" data-testid="pay-declined">
              The payment was not completed. Try again or use another card.
            </p>
          )}
          <StripeCardForm
            publishableKey={publishableKey}
            clientSecret={clientSecret}
            returnUrl={payPath}
            payLabel={`Pay ${formatMoney(current.amountCents)}`}
            onConfirmed={() => setStage('processing')}
          />
        </>
      )}
    </div>
  );
}
