'use client';

// A new password, proving the current one. Every session ends, this one too, so the person
// signs in again with the new password.
import type { FormEvent } from 'react';

import { useState } from 'react';
import { useRouter } from 'next/navigation';

import { changePasswordInputSchema } from '@tiffin/domain/client-safe';

import { buttonClass } from '../../components/ui/button';
import { FormField } from '../../components/ui/input';
import { api } from '../../trpc/react';

export function ChangePasswordForm() {
  const router = useRouter();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const change = api.auth.changePassword.useMutation({
    onSuccess: () => router.push('/signin?callbackUrl=/account'),
  });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (change.isPending) return;
    const parsed = changePasswordInputSchema.safeParse({ currentPassword, newPassword });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        errors[field] ??= issue.message;
      }
      setClientErrors(errors);
      return;
    }
    setClientErrors({});
    change.mutate(parsed.data);
  }

  const fieldErrors = change.error?.data?.fieldErrors;
  const formError =
    change.error && !fieldErrors
      ? change.error.data?.domain
        ? change.error.message
        : 'We couldn’t change your password just now.'
      : null;

  return (
    <form noValidate onSubmit={handleSubmit} className="space-y-3" aria-label="Change password">
      <FormField
        id="current-password"
        data-testid="current-password"
        name="currentPassword"
        type="password"
        label="Current password"
        autoComplete="current-password"
        required
        value={currentPassword}
        error={clientErrors.currentPassword ?? fieldErrors?.currentPassword?.[0]}
        onChange={(e) => setCurrentPassword(e.target.value)}
      />
      <FormField
        id="new-password"
        data-testid="new-password"
        name="newPassword"
        type="password"
        label="New password"
        autoComplete="new-password"
        hint="At least 8 characters. Saving signs you out everywhere."
        required
        value={newPassword}
        error={clientErrors.newPassword ?? fieldErrors?.newPassword?.[0]}
        onChange={(e) => setNewPassword(e.target.value)}
      />
      {formError && (
        <p role="alert" data-testid="change-password-error" className="text-sm text-red-800">
          {formError}
        </p>
      )}
      <button
        type="submit"
        data-testid="change-password-submit"
        disabled={change.isPending || change.isSuccess}
        className={buttonClass('secondary')}
      >
        {change.isPending ? 'Saving…' : 'Change password'}
      </button>
    </form>
  );
}
