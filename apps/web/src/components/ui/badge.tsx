// Small status pills. Every tone keeps its text at WCAG AA contrast on its own background.
import type { ReactNode } from 'react';

const tones = {
  neutral: 'bg-stone-100 text-stone-700 ring-stone-200',
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  warning: 'bg-amber-50 text-amber-900 ring-amber-200',
  danger: 'bg-red-50 text-red-800 ring-red-200',
  info: 'bg-sky-50 text-sky-800 ring-sky-200',
  accent: 'bg-violet-50 text-violet-800 ring-violet-200',
  brand: 'bg-brand-50 text-brand-800 ring-brand-200',
} as const;

export type BadgeTone = keyof typeof tones;

const dots: Record<BadgeTone, string> = {
  neutral: 'bg-stone-400',
  success: 'bg-emerald-500',
  warning: 'bg-amber-500',
  danger: 'bg-red-500',
  info: 'bg-sky-500',
  accent: 'bg-violet-500',
  brand: 'bg-brand-500',
};

export function Badge({
  tone = 'neutral',
  dot = false,
  children,
  className,
  ...data
}: {
  tone?: BadgeTone;
  dot?: boolean;
  children: ReactNode;
  className?: string;
} & { [key: `data-${string}`]: string | undefined }) {
  return (
    <span
      {...data}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${tones[tone]} ${className ?? ''}`}
    >
      {dot && <span aria-hidden="true" className={`h-1.5 w-1.5 rounded-full ${dots[tone]}`} />}
      {children}
    </span>
  );
}
