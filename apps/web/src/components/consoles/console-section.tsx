// A console panel: a region named by its heading, so screen-reader users can jump between them,
// with room for controls beside the heading.
import type { ReactNode } from 'react';

import { Card } from '../ui/card';

export function ConsoleSection({
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
  /** Sits right of the heading (a switch, a count, a button). */
  aside?: ReactNode;
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      id={id}
      data-testid={testId}
      className={`min-w-0 scroll-mt-32 ${className ?? ''}`}
    >
      <Card className="flex h-full flex-col gap-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 id={`${id}-title`} className="text-xl font-semibold tracking-tight">
              {title}
            </h2>
            {description && <p className="mt-0.5 text-stone-700">{description}</p>}
          </div>
          {aside}
        </div>
        {children}
      </Card>
    </section>
  );
}

/** An error the server sent back, where the action was (role="alert", so it is read out). */
export function InlineError({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p
      role="alert"
      data-testid={testId}
      className="rounded-lg bg-red-50 px-3 py-2 text-sm font-medium text-red-900 ring-1 ring-inset ring-red-200"
    >
      {children}
    </p>
  );
}
