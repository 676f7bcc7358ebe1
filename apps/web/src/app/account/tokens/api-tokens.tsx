'use client';

// The token form and list: creating one shows the token once with a copy button; revoking
// asks the server, then refreshes the list.
import type { FormEvent } from 'react';

import { useState } from 'react';

import { buttonClass } from '../../../components/ui/button';
import { api } from '../../../trpc/react';

export function ApiTokens() {
  const utils = api.useUtils();
  const tokens = api.auth.listTokens.useQuery();
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const create = api.auth.createToken.useMutation({
    onSuccess: async (token) => {
      setCreated(token.token);
      setCopied(false);
      await utils.auth.listTokens.invalidate();
    },
  });
  const revoke = api.auth.revokeToken.useMutation({
    onSuccess: () => utils.auth.listTokens.invalidate(),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const days = field('expiresInDays');
    create.mutate({
      name: field('name'),
      expiresInDays: days === '' ? null : Number(days),
    });
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" aria-label="New token">
        <label className="flex flex-col text-sm font-medium">
          Name
          <input name="name" required maxLength={80} className="mt-1 rounded border px-2 py-1" />
        </label>
        <label className="flex flex-col text-sm font-medium">
          Expires after (days, empty for never)
          <input
            name="expiresInDays"
            type="number"
            min={1}
            max={365}
            className="mt-1 w-40 rounded border px-2 py-1"
          />
        </label>
        <button type="submit" className={buttonClass('primary')} disabled={create.isPending}>
          Create token
        </button>
      </form>
      {create.error ? (
        <p role="alert" className="text-red-700">
          {create.error.message}
        </p>
      ) : null}
      {created ? (
        <div role="status" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-4">
          <p className="font-medium">Copy your new token now: it will not be shown again.</p>
          <code data-testid="new-token" className="block break-all">
            {created}
          </code>
          <button
            type="button"
            className={buttonClass('secondary')}
            onClick={() => {
              void navigator.clipboard.writeText(created).then(() => setCopied(true));
            }}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      ) : null}
      <ul className="divide-y rounded border" aria-label="Your tokens">
        {(tokens.data ?? []).map((token) => (
          <li key={token.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
            <span>
              <span className="font-medium">{token.name}</span>{' '}
              <code className="text-stone-600">{token.prefix}…</code>
              <span className="block text-sm text-stone-600">
                Created {token.createdAt.toLocaleDateString()}
                {token.lastUsedAt ? `, last used ${token.lastUsedAt.toLocaleDateString()}` : ''}
                {token.expiresAt ? `, expires ${token.expiresAt.toLocaleDateString()}` : ''}
              </span>
            </span>
            {token.revokedAt ? (
              <span className="text-sm text-stone-600">Revoked</span>
            ) : (
              <button
                type="button"
                className={buttonClass('secondary')}
                disabled={revoke.isPending}
                onClick={() => revoke.mutate({ id: token.id })}
              >
                Revoke {token.name}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
