'use client';

// "Resend email": another verification link (a few an hour); says what happened where it was asked.
import { api } from '../../trpc/react';

export function ResendVerificationButton({ className }: { className?: string }) {
  const resend = api.auth.resendVerification.useMutation();
  const message = resend.isSuccess
    ? resend.data.alreadyVerified
      ? 'Your email is already verified.'
      : 'Sent. Check your inbox for the new link.'
    : resend.error
      ? resend.error.data?.domain?.code === 'RATE_LIMITED'
        ? resend.error.message
        : 'We couldn’t send it just now. Try again in a moment.'
      : null;
  return (
    <span className={className}>
      <button
        type="button"
        data-testid="resend-verification"
        disabled={resend.isPending || resend.isSuccess}
        onClick={() => resend.mutate()}
        className="font-semibold underline decoration-2 underline-offset-2 disabled:opacity-60"
      >
        {resend.isPending ? 'Sending…' : 'Resend email'}
      </button>
      <span role="status" className="ml-2" data-testid="resend-verification-status">
        {message}
      </span>
    </span>
  );
}
