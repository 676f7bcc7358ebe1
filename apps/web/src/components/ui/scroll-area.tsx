// A scrollable region keyboard users can reach: tables wider than a phone, long event lists.
import type { ReactNode } from 'react';

/** Focusable, so keyboard users can scroll content wider (tables on phones) or taller than it. */
export function ScrollArea({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={`overflow-auto rounded-xl border border-stone-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700 ${className ?? ''}`}
    >
      {children}
    </div>
  );
}
