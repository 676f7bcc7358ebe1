'use client';

// Credentials sign-in without next-auth's redirect, so errors stay on this page and the
// destination is ours (a same-site callbackUrl).
import type { FormEvent } from 'react';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';

import { buttonClass } from '../../components/ui/button';
import { FormField } from '../../components/ui/input';
import { signInErrorMessage } from '../../lib/sign-in-errors';

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result = await signIn('credentials', { email, password, redirect: false });
      if (result?.ok && !result.error) {
        router.push(callbackUrl);
        router.refresh();
        return;
      }
      // Never says whether the email or the password was wrong.
      setError(signInErrorMessage(result?.error));
    } catch {
      setError('We couldn’t reach Tiffin. Check your connection and try again.');
    }
    setPending(false);
  }

  return (
    <form
      noValidate
      onSubmit={(e) => void handleSubmit(e)}
      className="space-y-4"
      aria-label="Sign in"
    >
      <FormField
        id="signin-email"
        data-testid="signin-email"
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <FormField
        id="signin-password"
        data-testid="signin-password"
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error && (
        <p
          role="alert"
          data-testid="signin-error"
          className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200"
        >
          {error}
        </p>
      )}
      <button
        type="submit"
        data-testid="signin-submit"
        disabled={pending}
        className={`${buttonClass('primary', 'lg')} w-full`}
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
