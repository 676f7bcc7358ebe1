'use client';

// Spends the verification link once on arrival and shows what happened.
import { useEffect, useRef } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';

import { AccountLinkProblemCard } from '../../components/account/account-link-problem';
import { Card } from '../../components/ui/card';
import { api } from '../../trpc/react';

export function VerifyEmailResult({ token }: { token: string }) {
  const router = useRouter();
  const verify = api.auth.verifyEmail.useMutation({
    // The header's "verify your email" nudge goes away.
    onSuccess: () => router.refresh(),
  });
  // Effects run twice in development; the link must be spent once.
  const sent = useRef(false);
  const { mutate } = verify;

  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true;
    mutate({ token });
  }, [mutate, token]);

  const outcome = !token
    ? 'invalid'
    : (verify.data?.outcome ??
      (verify.error?.data?.code === 'BAD_REQUEST' ? 'invalid' : verify.error ? 'failed' : null));

  if (outcome === null) {
    return (
      <Card padding="lg" className="mx-auto max-w-lg text-center" role="status">
        Checking your link…
      </Card>
    );
  }
  if (outcome === 'verified' || outcome === 'already_verified') {
    return (
      <Card
        padding="lg"
        className="mx-auto max-w-lg space-y-3 text-center"
        data-testid="verify-email-result"
        data-outcome={outcome}
      >
        <h1 className="text-2xl font-bold tracking-tight">
          {outcome === 'verified' ? 'Your email is verified' : 'Your email is already verified'}
        </h1>
        <p className="text-stone-600">
          {outcome === 'verified'
            ? 'Thanks for confirming. You are all set.'
            : 'Nothing more to do: this address was confirmed before.'}
        </p>
        <Link href="/" className="text-sm font-semibold text-brand-700 hover:underline">
          Find something to eat
        </Link>
      </Card>
    );
  }
  if (outcome === 'failed') {
    return (
      <Card padding="lg" className="mx-auto max-w-lg text-center" role="alert">
        We couldn’t check your link just now. Reload the page to try again.
      </Card>
    );
  }
  return (
    <AccountLinkProblemCard problem={outcome} testId="verify-email-result">
      <p className="text-stone-600">
        Signed in? Use “Resend email” at the top of the page, or on{' '}
        <Link href="/account" className="font-semibold text-brand-700 hover:underline">
          your account
        </Link>
        , for a new link.
      </p>
    </AccountLinkProblemCard>
  );
}
