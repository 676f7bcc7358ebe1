'use client';

// The card form of the pay page. The outcome of a payment reaches the order only through the
// provider's signed webhook, so after "Pay" the page follows the payment until the webhook has
// landed, then goes to the order. A declined card leaves the form open for another try.
import type { FormEvent } from 'react';

import { useEffect, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';

import type { RouterOutputs } from '@tiffin/api';
import { TEST_CARDS } from '@tiffin/domain/client-safe';

import { Button } from '../../../components/ui/button';
import { inputClass } from '../../../components/ui/input';
import { formatMoney } from '../../../lib/money';
import { api } from '../../../trpc/react';

type Payment = RouterOutputs['payment']['byId'];

/** How often the page looks for the webhook's effect after a payment went through. */
const FOLLOW_MS = 1_000;

export function PayForm({ initial }: { initial: Payment }) {
  const router = useRouter();
  const [cardNumber, setCardNumber] = useState('');
  const [stage, setStage] = useState<'form' | 'confirm' | 'processing'>('form');
  const [declined, setDeclined] = useState<string | null>(null);
  const pay = api.payment.payWithTestCard.useMutation();
  const payment = api.payment.byId.useQuery(
    { paymentId: initial.paymentId },
    {
      initialData: initial,
      refetchInterval: stage === 'processing' ? FOLLOW_MS : false,
    },
  );
  const current = payment.data;
  const orderHref = `/orders/${current.orderId}`;

  const paidJustNow = current.status === 'succeeded' && stage === 'processing';
  useEffect(() => {
    if (paidJustNow) router.push(orderHref);
  }, [paidJustNow, orderHref, router]);

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
    <div className="rounded-2xl border border-stone-200 bg-white p-5 shadow-sm">
      <p className="text-sm text-stone-600">{current.restaurantName}</p>
      <p className="text-3xl font-bold tabular-nums" data-testid="pay-amount">
        {formatMoney(current.amountCents)}
      </p>
      <p className="mt-1 text-xs text-stone-500">
        Test payments: no real card is ever charged here.
      </p>
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
  if (current.orderStatus === 'cancelled') {
    return (
      <div className="space-y-4">
        {summary}
        <p role="alert" data-testid="pay-closed" className="text-red-800">
          This order was cancelled, so it can no longer be paid.
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
