// The signed-in person's API tokens: create one (shown once, with a copy button), see the ones
// they have, revoke any. Scripts and outside apps use them with @tiffin/client (docs/client.md).
import type { Metadata } from 'next';

import { redirect } from 'next/navigation';

import { signInPath } from '../../../lib/signin-redirect';
import { getSessionUser } from '../../../server/auth';
import { ApiTokens } from './api-tokens';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage() {
  if (!(await getSessionUser())) redirect(signInPath('/account/tokens'));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">API tokens</h1>
      <p className="max-w-prose text-stone-700">
        A token lets a script or another app act as you, with your role. It is shown once; store it
        like a password. Revoke a token you no longer use.
      </p>
      <ApiTokens />
    </div>
  );
}
