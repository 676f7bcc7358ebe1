// The white rounded panel most of the site is built from.
import type { HTMLAttributes } from 'react';

const paddings = { none: '', sm: 'p-4', md: 'p-5', lg: 'p-6 sm:p-8' } as const;

export function cardClass(padding: keyof typeof paddings = 'md'): string {
  return `rounded-2xl border border-stone-200 bg-white shadow-sm ${paddings[padding]}`;
}

export function Card({
  padding = 'md',
  className,
  ...rest
}: HTMLAttributes<HTMLDivElement> & { padding?: keyof typeof paddings }) {
  return <div {...rest} className={`${cardClass(padding)} ${className ?? ''}`} />;
}

/** A dashed panel for "nothing here yet" states, with an optional call to action below. */
export function EmptyState({
  title,
  children,
  ...rest
}: HTMLAttributes<HTMLDivElement> & { title: string }) {
  return (
    <div
      {...rest}
      className="rounded-2xl border border-dashed border-stone-300 bg-white p-8 text-center sm:p-10"
    >
      <p className="text-lg font-semibold">{title}</p>
      <div className="mt-1 text-stone-600">{children}</div>
    </div>
  );
}
