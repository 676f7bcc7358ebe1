// Sign in with email and password. Already signed in? Straight on to where you were going.
import type { Metadata } from 'next';

import Link from 'next/link';
import { redirect } from 'next/navigation';

import { safeCallbackUrl } from '../../lib/signin-redirect';
import { getSessionUser } from '../../server/auth';
import { SignInForm } from './signin-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  const signedUp = params.signedUp === '1';
  if (await getSessionUser()) redirect(callbackUrl);

  return (
    <div className="mx-auto max-w-sm space-y-6 py-6">
      <div className="space-y-1 text-center">
        <h1 className="text-2xl font-bold tracking-tight">Welcome back</h1>
        <p className="text-stone-600">Sign in to order and follow your deliveries.</p>
      </div>
      {signedUp && (
        <p
          role="status"
          data-testid="signin-notice"
          className="rounded-xl bg-brand-50 px-4 py-3 text-sm text-stone-800 ring-1 ring-brand-200"
        >
          Thanks! If that email is new to Tiffin, your account is ready: sign in below, and open the
          link we emailed you to verify your address. If you already had an account, check your
          email, or sign in with your password.
        </p>
      )}
      <div className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm">
        <SignInForm callbackUrl={callbackUrl} />
      </div>
      <p className="text-center text-sm">
        <Link
          href="/forgot-password"
          data-testid="forgot-password-link"
          className="font-semibold text-brand-700 hover:underline"
        >
          Forgot password?
        </Link>
      </p>
      <p className="text-center text-sm text-stone-600">
        New to Tiffin?{' '}
        <Link href="/signup" className="font-semibold text-brand-700 hover:underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
