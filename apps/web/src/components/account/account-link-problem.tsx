// The page an emailed link shows when it cannot be used: already used, expired, or not ours.
import type { ReactNode } from 'react';

import type { AccountLinkProblem } from '@tiffin/domain/client-safe';

import { Card } from '../ui/card';

const HEADINGS: Record<AccountLinkProblem, string> = {
  used: 'This link has already been used',
  expired: 'This link has expired',
  invalid: 'This link does not work',
};

const EXPLANATIONS: Record<AccountLinkProblem, string> = {
  used: 'Each link works once.',
  expired: 'Links stop working after a while, to keep your account safe.',
  invalid:
    'It is incomplete or was changed. Open it again from the email, exactly as it arrived, or ask for a new one.',
};

export function AccountLinkProblemCard({
  problem,
  children,
  testId,
}: {
  problem: AccountLinkProblem;
  /** What the person can do next (ask for a new link, sign in…). */
  children: ReactNode;
  testId: string;
}) {
  return (
    <Card
      padding="lg"
      className="mx-auto max-w-lg space-y-3 text-center"
      data-testid={testId}
      data-outcome={problem}
    >
      <h1 className="text-2xl font-bold tracking-tight">{HEADINGS[problem]}</h1>
      <p className="text-stone-600">{EXPLANATIONS[problem]}</p>
      <div className="text-sm">{children}</div>
    </Card>
  );
}
