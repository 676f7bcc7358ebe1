'use client';

// Sends the reset request; the answer never says whether the email has an account.
import type { FormEvent } from 'react';

import { useState } from 'react';

import { requestPasswordResetInputSchema } from '@tiffin/domain/client-safe';

import { buttonClass } from '../../components/ui/button';
import { FormField } from '../../components/ui/input';
import { api } from '../../trpc/react';

export function ForgotPasswordForm() {
  const [email, setEmail] = useState('');
  const [clientError, setClientError] = useState<string | null>(null);
  const request = api.auth.requestPasswordReset.useMutation();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (request.isPending) return;
    const parsed = requestPasswordResetInputSchema.safeParse({ email });
    if (!parsed.success) {
      setClientError(parsed.error.issues[0]?.message ?? 'Enter a valid email address');
      return;
    }
    setClientError(null);
    request.mutate(parsed.data);
  }

  if (request.isSuccess) {
    return (
      <p role="status" data-testid="forgot-password-sent" className="text-sm text-stone-800">
        If an account uses <strong>{request.data.email}</strong>, we have emailed it a link to
        choose a new password. The link works once, for one hour.
      </p>
    );
  }

  const serverError = request.error
    ? request.error.data?.domain?.code === 'RATE_LIMITED'
      ? request.error.message
      : (request.error.data?.fieldErrors?.email?.[0] ??
        'We couldn’t send that just now. Try again in a moment.')
    : null;

  return (
    <form noValidate onSubmit={handleSubmit} className="space-y-4" aria-label="Forgot password">
      <FormField
        id="forgot-email"
        data-testid="forgot-email"
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        value={email}
        error={clientError ?? undefined}
        onChange={(e) => setEmail(e.target.value)}
      />
      {serverError && (
        <p
          role="alert"
          data-testid="forgot-password-error"
          className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200"
        >
          {serverError}
        </p>
      )}
      <button
        type="submit"
        data-testid="forgot-password-submit"
        disabled={request.isPending}
        className={`${buttonClass('primary', 'lg')} w-full`}
      >
        {request.isPending ? 'Sending…' : 'Email me a link'}
      </button>
    </form>
  );
}
