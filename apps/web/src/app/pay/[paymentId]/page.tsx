// The pay page of a card order (the sandbox provider's stand-in for a hosted card page): the
// amount, the test cards, and a card form. Only the order's customer can open it.
import type { Metadata } from 'next';

import { notFound, redirect } from 'next/navigation';

import { signInPath } from '../../../lib/signin-redirect';
import { getSessionUser } from '../../../server/auth';
import { getCaller, isTRPCErrorCode } from '../../../server/caller';
import { PayForm } from './pay-form';

export const metadata: Metadata = { title: 'Pay for your order' };

export default async function PayPage({ params }: { params: Promise<{ paymentId: string }> }) {
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
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Pay for your order</h1>
      <PayForm initial={payment} />
    </div>
  );
}
