'use client';

// Sign-up with the same schema the server uses, so inline errors match what the API would say.
// Sign-up answers alike whether or not the email already has an account, so the form never signs
// in by itself (that would tell): it sends everyone on to sign in, where the notice explains.
import type { FormEvent } from 'react';

import { useState } from 'react';
import { useRouter } from 'next/navigation';

import type { FieldErrors } from '@tiffin/api';
import { signUpInputSchema } from '@tiffin/domain/client-safe';

import { buttonClass } from '../../components/ui/button';
import { FormField } from '../../components/ui/input';
import { fieldErrorsFromZod, firstError, otherErrors } from '../../lib/field-errors';
import { api } from '../../trpc/react';

const FIELDS = ['name', 'email', 'password'] as const;
/** Where every sign-up continues: the sign-in page, with the "check your email or sign in" note. */
const SIGNED_UP_URL = '/signin?signedUp=1';
type Field = (typeof FIELDS)[number];

export function SignUpForm() {
  const router = useRouter();
  const [values, setValues] = useState<Record<Field, string>>({
    name: '',
    email: '',
    password: '',
  });
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const signUp = api.auth.signUp.useMutation();

  const errorData = signUp.error?.data;
  const serverErrors: FieldErrors | null = errorData?.fieldErrors ?? null;
  const errors = clientErrors ?? serverErrors;
  const generalErrors = otherErrors(serverErrors, FIELDS);

  function update(field: Field, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    // Re-check a field once it has shown an error, so the message goes away as soon as it's fixed.
    if (clientErrors?.[field]) {
      const result = signUpInputSchema.shape[field].safeParse(value);
      setClientErrors((current) => {
        const next = { ...current };
        if (result.success) delete next[field];
        else next[field] = result.error.issues.map((i) => i.message);
        return next;
      });
    }
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (signUp.isPending) return;
    const parsed = signUpInputSchema.safeParse(values);
    if (!parsed.success) {
      setClientErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setClientErrors(null);
    try {
      await signUp.mutateAsync(parsed.data);
    } catch {
      return; // Shown from signUp.error.
    }
    router.push(SIGNED_UP_URL);
  }

  const pending = signUp.isPending || signUp.isSuccess;
  const serverFailure =
    signUp.error && (!errorData || errorData.httpStatus >= 500)
      ? 'We couldn’t create your account just now. Try again in a moment.'
      : errorData?.domain?.code === 'RATE_LIMITED'
        ? (signUp.error?.message ?? null)
        : null;
  const topError = serverFailure ?? (generalErrors.length > 0 ? generalErrors.join(' ') : null);

  return (
    <form
      noValidate
      onSubmit={(e) => void handleSubmit(e)}
      className="space-y-4"
      aria-label="Create an account"
    >
      <FormField
        id="signup-name"
        data-testid="signup-name"
        name="name"
        label="Name"
        autoComplete="name"
        required
        value={values.name}
        error={firstError(errors, 'name')}
        onChange={(e) => update('name', e.target.value)}
      />
      <FormField
        id="signup-email"
        data-testid="signup-email"
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        value={values.email}
        error={firstError(errors, 'email')}
        onChange={(e) => update('email', e.target.value)}
      />
      <FormField
        id="signup-password"
        data-testid="signup-password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        hint="At least 8 characters."
        required
        value={values.password}
        error={firstError(errors, 'password')}
        onChange={(e) => update('password', e.target.value)}
      />
      {topError && (
        <p
          role="alert"
          data-testid="signup-error"
          className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200"
        >
          {topError}
        </p>
      )}
      <button
        type="submit"
        data-testid="signup-submit"
        disabled={pending}
        className={`${buttonClass('primary', 'lg')} w-full`}
      >
        {pending ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}
