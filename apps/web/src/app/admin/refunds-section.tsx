'use client';

// Refunds owed but not settled yet: the worker retries each against the provider, and this is
// where an admin sees one that keeps failing (with the provider's last answer) before it ends
// in the dead letters.
import Link from 'next/link';

import { ConsoleSection } from '../../components/consoles/console-section';
import { formatMoney } from '../../lib/money';
import { api } from '../../trpc/react';

const REFRESH_MS = 15_000;

export function RefundsSection() {
  const refunds = api.admin.openRefunds.useQuery(undefined, { refetchInterval: REFRESH_MS });
  const rows = refunds.data ?? [];
  return (
    <ConsoleSection
      id="refunds"
      title="Refunds in progress"
      description="Refunds of cancelled paid orders that the provider has not confirmed yet. The worker retries each one."
      testId="admin-refunds"
    >
      {rows.length === 0 ? (
        <p className="text-stone-700" data-testid="admin-refunds-none">
          Every refund is settled.
        </p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200">
          {rows.map((refund) => (
            <li
              key={refund.id}
              className="flex flex-wrap items-center justify-between gap-3 px-3 py-2.5 text-sm"
              data-testid={`admin-refund-${refund.id}`}
            >
              <span>
                <Link href={`/orders/${refund.orderId}`} className="font-mono underline">
                  {refund.orderId.slice(0, 8)}
                </Link>{' '}
                · {formatMoney(refund.amountCents)} · {refund.provider} · {refund.attempts}{' '}
                {refund.attempts === 1 ? 'attempt' : 'attempts'}
              </span>
              {refund.lastError && <span className="text-red-800">{refund.lastError}</span>}
            </li>
          ))}
        </ul>
      )}
    </ConsoleSection>
  );
}
