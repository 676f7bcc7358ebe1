// Create a customer account, then continue to sign in.
import type { Metadata } from 'next';

import Link from 'next/link';
import { redirect } from 'next/navigation';

import { getSessionUser } from '../../server/auth';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage() {
  if (await getSessionUser()) redirect('/');

  return (
    <div className="mx-auto max-w-sm space-y-6 py-6">
      <div className="space-y-1 text-center">
        <h1 className="text-2xl font-bold tracking-tight">Create your account</h1>
        <p className="text-stone-600">
          It takes a minute, and your first tiffin is a few clicks away.
        </p>
      </div>
      <div className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm">
        <SignUpForm />
      </div>
      <p className="text-center text-sm text-stone-600">
        Already have an account?{' '}
        <Link href="/signin" className="font-semibold text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
