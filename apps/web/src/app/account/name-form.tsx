'use client';

// Changing the name shown in the header, on orders and to the kitchen.
import type { FormEvent } from 'react';

import { useState } from 'react';
import { useRouter } from 'next/navigation';

import { updateNameInputSchema } from '@tiffin/domain/client-safe';

import { buttonClass } from '../../components/ui/button';
import { FormField } from '../../components/ui/input';
import { api } from '../../trpc/react';

export function NameForm({ name }: { name: string }) {
  const router = useRouter();
  const [value, setValue] = useState(name);
  const [clientError, setClientError] = useState<string | null>(null);
  const update = api.account.updateName.useMutation({ onSuccess: () => router.refresh() });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (update.isPending) return;
    const parsed = updateNameInputSchema.safeParse({ name: value });
    if (!parsed.success) {
      setClientError(parsed.error.issues[0]?.message ?? 'Enter your name');
      return;
    }
    setClientError(null);
    update.mutate(parsed.data);
  }

  const serverError = update.error
    ? (update.error.data?.fieldErrors?.name?.[0] ?? 'We couldn’t save that just now.')
    : null;

  return (
    <form noValidate onSubmit={handleSubmit} className="space-y-3" aria-label="Your name">
      <FormField
        id="account-name"
        data-testid="account-name"
        name="name"
        label="Name"
        autoComplete="name"
        required
        value={value}
        error={clientError ?? serverError ?? undefined}
        onChange={(e) => {
          setValue(e.target.value);
          update.reset();
        }}
      />
      <div className="flex items-center gap-3">
        <button
          type="submit"
          data-testid="account-name-save"
          disabled={update.isPending}
          className={buttonClass('primary')}
        >
          {update.isPending ? 'Saving…' : 'Save name'}
        </button>
        <span role="status" data-testid="account-name-status" className="text-sm text-stone-700">
          {update.isSuccess ? 'Saved.' : ''}
        </span>
      </div>
    </form>
  );
}
