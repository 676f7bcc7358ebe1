'use client';

// An on/off switch (role="switch") with room for a thumb: the label says what it controls, the
// state word says where it is, and while the change is saving it shows a spinner and can't be
// pressed twice.
import type { ReactNode } from 'react';

export function ToggleSwitch({
  checked,
  onChange,
  label,
  onText = 'On',
  offText = 'Off',
  pending = false,
  disabled = false,
  size = 'md',
  testId,
  describedBy,
}: {
  checked: boolean;
  onChange: (next: boolean) => void;
  /** The accessible name: what is switched ("Autopilot for Saffron Tandoor"). */
  label: ReactNode;
  onText?: string;
  offText?: string;
  pending?: boolean;
  disabled?: boolean;
  /** lg: 48 px tall, for touch screens on a counter. */
  size?: 'md' | 'lg';
  testId?: string;
  describedBy?: string;
}) {
  const track = size === 'lg' ? 'h-9 w-16' : 'h-7 w-12';
  const thumb = size === 'lg' ? 'h-7 w-7' : 'h-5 w-5';
  const shift = size === 'lg' ? 'translate-x-7' : 'translate-x-5';
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-busy={pending || undefined}
      aria-describedby={describedBy}
      disabled={disabled || pending}
      onClick={() => onChange(!checked)}
      data-testid={testId}
      data-checked={String(checked)}
      data-pending={String(pending)}
      className={`group inline-flex ${size === 'lg' ? 'min-h-12' : 'min-h-11'} items-center gap-3 rounded-xl px-2 text-left font-semibold text-stone-900 transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700 disabled:cursor-not-allowed disabled:opacity-70`}
    >
      <span
        aria-hidden="true"
        className={`relative inline-flex shrink-0 items-center rounded-full p-1 transition ${track} ${checked ? 'bg-emerald-700' : 'bg-stone-400'}`}
      >
        <span
          className={`${thumb} rounded-full bg-white shadow transition ${checked ? shift : 'translate-x-0'} ${pending ? 'animate-pulse' : ''}`}
        />
      </span>
      <span className="flex flex-col leading-tight">
        <span className={size === 'lg' ? 'text-lg' : 'text-sm'}>{label}</span>
        <span
          aria-hidden="true"
          className={`text-sm font-medium ${checked ? 'text-emerald-800' : 'text-stone-700'}`}
        >
          {pending ? 'Saving…' : checked ? onText : offText}
        </span>
      </span>
    </button>
  );
}
