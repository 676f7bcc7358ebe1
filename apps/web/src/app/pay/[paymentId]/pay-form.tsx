'use client';

// The card form of the pay page. The outcome of a payment reaches the order only through the
// provider's signed webhook, so after "Pay" the page follows the payment until the webhook has
// landed, then goes to the order. A declined card leaves the form open for another try.
import type { FormEvent } from 'react';

import { useState } from 'react';

import { TEST_CARDS } from '@tiffin/domain/client-safe';

import type { Payment } from './payment-panels';
import { Button } from '../../../components/ui/button';
import { inputClass } from '../../../components/ui/input';
import { formatMoney } from '../../../lib/money';
import { api } from '../../../trpc/react';
import { PaymentEnded, PaymentSummary, useFollowedPayment } from './payment-panels';

export function PayForm({ initial }: { initial: Payment }) {
  const [cardNumber, setCardNumber] = useState('');
  const [stage, setStage] = useState<'form' | 'confirm' | 'processing'>('form');
  const [declined, setDeclined] = useState<string | null>(null);
  const pay = api.payment.payWithTestCard.useMutation();
  const { current, orderHref } = useFollowedPayment(initial, stage === 'processing');

  async function submit(confirmAction: boolean) {
    setDeclined(null);
    try {
      const result = await pay.mutateAsync({
        paymentId: current.paymentId,
        cardNumber,
        confirmAction,
      });
      if (result.outcome === 'requires_action') setStage('confirm');
      else if (result.outcome === 'declined') {
        setStage('form');
        setDeclined('Your card was declined. Try another card.');
      } else setStage('processing');
    } catch {
      // Shown from pay.error below.
    }
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(false);
  }

  const summary = (
    <PaymentSummary payment={current} note="Test payments: no real card is ever charged here." />
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
  if (current.orderStatus === 'cancelled') {
    return (
      <PaymentEnded
        summary={summary}
        outcome="closed"
        message="This order was cancelled, so it can no longer be paid."
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
      ) : stage === 'confirm' ? (
        <div
          className="space-y-3 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-300"
          data-testid="pay-requires-action"
        >
          <p className="text-sm text-amber-950">
            Your bank asks you to confirm this payment of {formatMoney(current.amountCents)}.
          </p>
          <Button
            onClick={() => void submit(true)}
            disabled={pay.isPending}
            data-testid="pay-confirm"
          >
            Confirm payment
          </Button>
        </div>
      ) : (
        <form onSubmit={handleSubmit} className="space-y-4" noValidate aria-label="Card payment">
          <div className="space-y-1.5">
            <label htmlFor="card-number" className="block text-sm font-semibold">
              Card number
            </label>
            <input
              id="card-number"
              inputMode="numeric"
              autoComplete="cc-number"
              className={inputClass}
              placeholder="4242 4242 4242 4242"
              value={cardNumber}
              maxLength={23}
              onChange={(e) => setCardNumber(e.target.value)}
              data-testid="card-number"
            />
          </div>
          {declined && (
            <p role="alert" className="text-sm text-red-800" data-testid="pay-declined">
              {declined}
            </p>
          )}
          {pay.error && (
            <p role="alert" className="text-sm text-red-800" data-testid="pay-error">
              {pay.error.message}
            </p>
          )}
          <Button
            type="submit"
            size="lg"
            className="w-full"
            disabled={pay.isPending}
            data-testid="pay-submit"
          >
            {pay.isPending ? 'Paying…' : `Pay ${formatMoney(current.amountCents)}`}
          </Button>
        </form>
      )}
      <section aria-labelledby="test-cards-heading" className="space-y-2 text-sm">
        <h2 id="test-cards-heading" className="font-semibold">
          Test cards
        </h2>
        <ul className="space-y-1">
          {TEST_CARDS.map((card) => (
            <li key={card.number} className="flex justify-between gap-3">
              <button
                type="button"
                className="shrink-0 whitespace-nowrap text-left font-mono text-brand-800 underline"
                onClick={() => setCardNumber(card.number)}
              >
                {card.number}
              </button>
              <span className="text-stone-700">{card.label}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
