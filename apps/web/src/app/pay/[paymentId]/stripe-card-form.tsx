'use client';

// Stripe's Payment Element and the "Pay" button, loaded on demand by the pay page: card details
// go from Stripe's own frame to Stripe, never through Tiffin. Confirming stays on the page for
// cards; a method that needs the bank's own page comes back to the same pay page.
import type { Stripe } from '@stripe/stripe-js';
import type { FormEvent } from 'react';

import { useEffect, useState } from 'react';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';

import { Button } from '../../../components/ui/button';
import { stripeErrorMessage } from '../../../lib/stripe-error-message';

export interface StripeCardFormProps {
  publishableKey: string;
  clientSecret: string;
  /** A path on this site; made absolute for Stripe, which requires that. */
  returnUrl: string;
  payLabel: string;
  /** Stripe accepted the confirmation; the webhook will settle the payment. */
  onConfirmed: () => void;
}

export default function StripeCardForm(props: StripeCardFormProps) {
  const [stripe, setStripe] = useState<Stripe | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);

  useEffect(() => {
    let live = true;
    // loadStripe adds Stripe's script once per page and resolves to the same instance after.
    loadStripe(props.publishableKey).then(
      (loaded) => {
        if (!live) return;
        if (loaded) setStripe(loaded);
        else setLoadFailed(true);
      },
      () => {
        if (live) setLoadFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [props.publishableKey]);

  if (loadFailed) {
    return (
      <p role="alert" className="text-sm text-red-800" data-testid="stripe-load-failed">
        The card form could not load. Check your connection and reload the page.
      </p>
    );
  }
  if (!stripe) {
    return (
      <p role="status" className="text-sm text-stone-700" data-testid="stripe-loading">
        Loading the card form…
      </p>
    );
  }
  return (
    <Elements
      stripe={stripe}
      options={{
        clientSecret: props.clientSecret,
        appearance: {
          theme: 'stripe',
          variables: { colorPrimary: '#c2410c', borderRadius: '12px' },
        },
      }}
    >
      <ConfirmForm {...props} />
    </Elements>
  );
}

function ConfirmForm({ returnUrl, payLabel, onConfirmed }: StripeCardFormProps) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setPending(true);
    setError(null);
    const result = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: new URL(returnUrl, window.location.origin).toString() },
      redirect: 'if_required',
    });
    setPending(false);
    if (result.error) setError(stripeErrorMessage(result.error));
    else onConfirmed();
  }

  return (
    <form
      onSubmit={(e) => void handleSubmit(e)}
      className="space-y-4"
      noValidate
      aria-label="Card payment"
      data-testid="stripe-form"
    >
      <PaymentElement onReady={() => setReady(true)} />
      {error && (
        <p role="alert" className="text-sm text-red-800" data-testid="pay-error">
          {error}
        </p>
      )}
      <Button
        type="submit"
        size="lg"
        className="w-full"
        disabled={!stripe || !ready || pending}
        data-testid="pay-submit"
      >
        {pending ? 'Paying…' : payLabel}
      </Button>
    </form>
  );
}
