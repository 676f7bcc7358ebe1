// Shared Tailwind class lists for buttons and button-like links, so every call to action looks
// and focuses the same way.
const base =
  'inline-flex items-center justify-center gap-2 rounded-xl font-semibold transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed';

const variants = {
  primary:
    'bg-brand-600 text-white shadow-sm hover:bg-brand-700 disabled:bg-stone-300 disabled:text-stone-500 disabled:shadow-none',
  secondary:
    'border border-stone-300 bg-white text-stone-800 hover:bg-stone-100 disabled:opacity-50',
  ghost: 'text-stone-600 hover:bg-stone-100 hover:text-stone-900 disabled:opacity-50',
} as const;

const sizes = {
  sm: 'px-3 py-1.5 text-sm',
  md: 'px-4 py-2.5 text-sm',
  lg: 'px-5 py-3 text-base',
} as const;

export function buttonClass(
  variant: keyof typeof variants = 'primary',
  size: keyof typeof sizes = 'md',
): string {
  return `${base} ${variants[variant]} ${sizes[size]}`;
}

export const inputClass =
  'block w-full rounded-xl border border-stone-300 bg-white px-3.5 py-2.5 text-sm shadow-sm placeholder:text-stone-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 aria-[invalid=true]:border-red-500 aria-[invalid=true]:ring-red-500/20';
