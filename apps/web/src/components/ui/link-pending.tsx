'use client';

// Put inside a <Link> (whose box is `relative`): a thin bar along its top edge while the page it
// opens is still being rendered, so a click on a slow connection never looks dead.
import { useLinkStatus } from 'next/link';

export function LinkPending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span
      aria-hidden="true"
      data-testid="link-pending"
      className="pointer-events-none absolute inset-x-0 top-0 h-1 animate-pulse bg-brand-700"
    />
  ) : null;
}
