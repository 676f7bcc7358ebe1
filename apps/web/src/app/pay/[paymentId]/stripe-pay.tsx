'use client';

// The pay page under Stripe. Stripe.js and the Payment Element load only here, and only when the
// payment can still be paid (a dynamic import), so no other page carries them. After the card is
// confirmed the outcome reaches the order only through Stripe's signed webhook, so the page
// follows the payment until the webhook has landed, then goes to the order.
import { useEffect, useState } from 'react';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';

import type { Payment } from './payment-panels';
import { formatMoney } from '../../../lib/money';
import { PaymentEnded, PaymentSummary, useFollowedPayment } from './payment-panels';

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
  const { current, orderHref } = useFollowedPayment(initial, stage === 'processing');
  const payPath = `/pay/${current.paymentId}`;

  // Stripe's return URL carries the intent and its client secret: drop them from the address bar
  // and the history as soon as the page is back.
  useEffect(() => {
    if (window.location.search) router.replace(payPath, { scroll: false });
  }, [payPath, router]);

  const summary = (
    <PaymentSummary payment={current} note="Card payments are processed by Stripe." />
  );

  if (current.status === 'succeeded') {
    return (
      <PaymentEnded
        summary={summary}
        outcome="paid"
        message="Paid. Your order is with the restaurant."
        orderHref={orderHref}
      />
    );
  }
  if (current.orderStatus === 'cancelled' || !clientSecret) {
    return (
      <PaymentEnded
        summary={summary}
        outcome="closed"
        message={
          current.orderStatus === 'cancelled'
            ? 'This order was cancelled, so it can no longer be paid.'
            : 'This payment can no longer be made here.'
        }
        orderHref={orderHref}
      />
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
