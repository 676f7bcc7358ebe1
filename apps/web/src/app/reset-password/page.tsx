// /reset-password?token=…: the link from the reset email. A working link shows the new-password
// form; a used, expired or edited one says so and offers a new link.
import type { Metadata } from 'next';

import Link from 'next/link';

import type { RouterOutputs } from '@tiffin/api';

import { AccountLinkProblemCard } from '../../components/account/account-link-problem';
import { getCaller, isTRPCErrorCode } from '../../server/caller';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password' };

async function stateOf(
  token: string | undefined,
): Promise<RouterOutputs['auth']['resetLinkState']['state']> {
  if (!token) return 'invalid';
  try {
    const api = await getCaller();
    return (await api.auth.resetLinkState({ token })).state;
  } catch (error) {
    // A token that fails the input rules (too long, control characters) is simply not ours.
    if (isTRPCErrorCode(error, 'BAD_REQUEST')) return 'invalid';
    throw error;
  }
}

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const value = typeof token === 'string' ? token : undefined;
  const state = await stateOf(value);
  if (state !== 'valid' || !value) {
    return (
      <AccountLinkProblemCard problem={state === 'valid' ? 'invalid' : state} testId="reset-link">
        <Link href="/forgot-password" className="font-semibold text-brand-700 hover:underline">
          Email me a new link
        </Link>
      </AccountLinkProblemCard>
    );
  }
  return (
    <div className="mx-auto max-w-sm space-y-6 py-6">
      <div className="space-y-1 text-center">
        <h1 className="text-2xl font-bold tracking-tight">Choose a new password</h1>
        <p className="text-stone-600">
          Saving it signs you out everywhere, so only the new password works.
        </p>
      </div>
      <div className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm">
        <ResetPasswordForm token={value} />
      </div>
    </div>
  );
}
