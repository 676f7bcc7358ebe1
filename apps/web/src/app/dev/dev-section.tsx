// Each panel is a region named by its heading, so screen-reader users can jump between them.
import type { ReactNode } from 'react';

import { Card } from '../../components/ui/card';

export function DevSection({
  id,
  title,
  description,
  aside,
  testId,
  className,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  /** Sits right of the heading (a count, a badge). */
  aside?: ReactNode;
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} data-testid={testId} className={`min-w-0 ${className ?? ''}`}>
      <Card className="flex h-full flex-col gap-4">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h2 id={id} className="text-lg font-semibold tracking-tight">
              {title}
            </h2>
            {description && <p className="mt-0.5 text-sm text-stone-600">{description}</p>}
          </div>
          {aside}
        </div>
        {children}
      </Card>
    </section>
  );
}

/** A shell command or path, set in the mono face. */
export function Code({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-stone-100 px-1.5 py-0.5 font-mono text-[0.8125rem] text-stone-800">
      {children}
    </code>
  );
}

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
