// The pay page of a card order: the amount and a card form. With the sandbox provider the form
// takes test cards; with Stripe it is Stripe's Payment Element, started from the payment intent's
// client secret, which is fetched here, on the server, for the order's own customer only. Only
// the order's customer can open the page.
import type { Metadata } from 'next';

import { notFound, redirect } from 'next/navigation';

import { getEnv } from '../../../env';
import { signInPath } from '../../../lib/signin-redirect';
import { getSessionUser } from '../../../server/auth';
import { getCaller, isTRPCErrorCode } from '../../../server/caller';
import { PayForm } from './pay-form';
import { StripePay } from './stripe-pay';

export const metadata: Metadata = { title: 'Pay for your order' };

/** Stripe's word, in the return URL, on how a payment that left the page ended. */
const REDIRECT_STATUSES = ['succeeded', 'processing', 'failed'] as const;
type RedirectStatus = (typeof REDIRECT_STATUSES)[number];

function redirectStatus(value: string | string[] | undefined): RedirectStatus | null {
  return REDIRECT_STATUSES.find((s) => s === value) ?? null;
}

export default async function PayPage({
  params,
  searchParams,
}: {
  params: Promise<{ paymentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { paymentId } = await params;
  const user = await getSessionUser();
  if (!user) redirect(signInPath(`/pay/${paymentId}`));
  const api = await getCaller();
  let payment;
  try {
    payment = await api.payment.byId({ paymentId });
  } catch (error) {
    if (isTRPCErrorCode(error, 'NOT_FOUND', 'BAD_REQUEST')) notFound();
    throw error;
  }
  const publishableKey = getEnv().STRIPE_PUBLISHABLE_KEY;
  let form = <PayForm initial={payment} />;
  if (payment.provider === 'stripe' && publishableKey) {
    const open = payment.status !== 'succeeded' && payment.orderStatus === 'awaiting_payment';
    let clientSecret: string | null = null;
    if (open) {
      try {
        ({ clientSecret } = await api.payment.stripeClientSecret({ paymentId }));
      } catch (error) {
        // Paid or cancelled a moment ago: the form shows the payment's state instead.
        if (!isTRPCErrorCode(error, 'CONFLICT')) throw error;
      }
    }
    form = (
      <StripePay
        initial={payment}
        publishableKey={publishableKey}
        clientSecret={clientSecret}
        returned={redirectStatus((await searchParams).redirect_status)}
      />
    );
  }
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Pay for your order</h1>
      {form}
    </div>
  );
}
