// "Forgot password?": asks for an email and answers the same whether or not it has an account.
import type { Metadata } from 'next';

import Link from 'next/link';

import { ForgotPasswordForm } from './forgot-password-form';

export const metadata: Metadata = { title: 'Forgot password' };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-sm space-y-6 py-6">
      <div className="space-y-1 text-center">
        <h1 className="text-2xl font-bold tracking-tight">Forgot your password?</h1>
        <p className="text-stone-600">We will email you a link to choose a new one.</p>
      </div>
      <div className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm">
        <ForgotPasswordForm />
      </div>
      <p className="text-center text-sm text-stone-600">
        Remembered it?{' '}
        <Link href="/signin" className="font-semibold text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
