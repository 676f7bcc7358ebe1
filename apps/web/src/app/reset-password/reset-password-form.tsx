'use client';

// The new password, checked with the sign-up rules before it is sent.
import type { FormEvent } from 'react';

import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';

import { resetPasswordInputSchema } from '@tiffin/domain/client-safe';

import { AccountLinkProblemCard } from '../../components/account/account-link-problem';
import { buttonClass } from '../../components/ui/button';
import { FormField } from '../../components/ui/input';
import { api } from '../../trpc/react';

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const [password, setPassword] = useState('');
  const [clientError, setClientError] = useState<string | null>(null);
  const reset = api.auth.resetPassword.useMutation({
    // Every session ended, this browser's too: the header should say so.
    onSuccess: () => router.refresh(),
  });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reset.isPending) return;
    const parsed = resetPasswordInputSchema.safeParse({ token, password });
    if (!parsed.success) {
      setClientError(parsed.error.issues[0]?.message ?? 'Choose another password');
      return;
    }
    setClientError(null);
    reset.mutate(parsed.data);
  }

  if (reset.isSuccess) {
    return (
      <div role="status" data-testid="reset-password-done" className="space-y-3 text-sm">
        <p className="font-semibold">Your password is changed.</p>
        <p className="text-stone-600">
          Every device was signed out. Sign in with the new password.
        </p>
        <Link href="/signin" className={`${buttonClass('primary')} w-full`}>
          Sign in
        </Link>
      </div>
    );
  }

  const domain = reset.error?.data?.domain;
  if (domain?.code === 'ACCOUNT_LINK_UNUSABLE') {
    return (
      <AccountLinkProblemCard problem={domain.details.reason} testId="reset-link">
        <Link href="/forgot-password" className="font-semibold text-brand-700 hover:underline">
          Email me a new link
        </Link>
      </AccountLinkProblemCard>
    );
  }
  const serverError = reset.error
    ? (reset.error.data?.fieldErrors?.password?.[0] ??
      (domain?.code === 'RATE_LIMITED'
        ? reset.error.message
        : 'We couldn’t save that just now. Try again in a moment.'))
    : null;

  return (
    <form noValidate onSubmit={handleSubmit} className="space-y-4" aria-label="New password">
      <FormField
        id="reset-password"
        data-testid="reset-password"
        name="password"
        type="password"
        label="New password"
        autoComplete="new-password"
        hint="At least 8 characters."
        required
        value={password}
        error={clientError ?? serverError ?? undefined}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button
        type="submit"
        data-testid="reset-password-submit"
        disabled={reset.isPending}
        className={`${buttonClass('primary', 'lg')} w-full`}
      >
        {reset.isPending ? 'Saving…' : 'Save new password'}
      </button>
    </form>
  );
}
