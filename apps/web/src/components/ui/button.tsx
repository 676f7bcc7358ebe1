// Buttons and button-looking links: one look, one focus ring, one pending state everywhere.
import type { ButtonHTMLAttributes } from 'react';

import { forwardRef } from 'react';

const base =
  'inline-flex items-center justify-center gap-2 rounded-xl font-semibold transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700 disabled:cursor-not-allowed';

// brand-700 (not 600) under white text: 600 is 3.6:1, below WCAG AA for body-size text.
const variants = {
  primary:
    'bg-brand-700 text-white shadow-sm hover:bg-brand-800 disabled:bg-stone-300 disabled:text-stone-600 disabled:shadow-none',
  secondary:
    'border border-stone-300 bg-white text-stone-800 hover:bg-stone-100 disabled:opacity-50',
  ghost: 'text-stone-700 hover:bg-stone-100 hover:text-stone-900 disabled:opacity-50',
  danger: 'bg-red-700 text-white shadow-sm hover:bg-red-800 disabled:opacity-50',
  /** "Go ahead" where green reads faster than the brand colour (the kitchen's Accept). */
  success: 'bg-emerald-800 text-white shadow-sm hover:bg-emerald-900 disabled:opacity-50',
  /** A destructive choice that is not the main one (the kitchen's Reject). */
  dangerOutline:
    'border-2 border-red-700 bg-white text-red-800 hover:bg-red-50 disabled:opacity-50',
} as const;

const sizes = {
  sm: 'px-3 py-1.5 text-sm',
  md: 'px-4 py-2.5 text-sm',
  lg: 'px-5 py-3 text-base',
  /** At least 48 px tall with large text: touch screens read at arm's length (the kitchen). */
  xl: 'min-h-12 px-5 py-2.5 text-lg',
} as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

/** The class list, for links (`<Link className={buttonClass()}>`) that should look like buttons. */
export function buttonClass(variant: ButtonVariant = 'primary', size: ButtonSize = 'md'): string {
  return `${base} ${variants[variant]} ${sizes[size]}`;
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Shows a spinner, sets aria-busy and blocks clicks while an action runs. */
  pending?: boolean;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'primary', size = 'md', pending = false, className, disabled, children, ...rest },
  ref,
) {
  return (
    <button
      ref={ref}
      type="button"
      {...rest}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={`${buttonClass(variant, size)} ${className ?? ''}`}
    >
      {pending && (
        <span
          aria-hidden="true"
          className="h-4 w-4 animate-spin rounded-full border-2 border-current border-r-transparent"
        />
      )}
      {children}
    </button>
  );
});
