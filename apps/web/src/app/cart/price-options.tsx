'use client';

// The two things the customer adds to the price at checkout: a tip (preset chips of the subtotal,
// or an amount of their own, capped) and a coupon code. The quote prices both live.
import type { FormEvent } from 'react';

import { useState } from 'react';

import {
  couponCodeSchema,
  MAX_TIP_CENTS,
  presetTip,
  TIP_PRESETS_BPS,
} from '@tiffin/domain/client-safe';

import { buttonClass } from '../../components/ui/button';
import { inputClass } from '../../components/ui/input';
import { parseAmount } from '../../lib/amount-input';
import { formatMoney } from '../../lib/money';

export type TipChoice =
  { kind: 'none' } | { kind: 'preset'; bps: number } | { kind: 'custom'; cents: number };

export function tipCentsOf(choice: TipChoice, subtotalCents: number): number {
  switch (choice.kind) {
    case 'none':
      return 0;
    case 'preset':
      return presetTip(subtotalCents, choice.bps);
    case 'custom':
      return choice.cents;
  }
}

const chip = (active: boolean) =>
  `rounded-full px-3 py-1.5 text-sm font-medium ring-1 transition ${
    active
      ? 'bg-brand-700 text-white ring-brand-700'
      : 'bg-white text-stone-800 ring-stone-300 hover:bg-stone-100'
  }`;

export function TipPicker({
  choice,
  subtotalCents,
  onChange,
}: {
  choice: TipChoice;
  subtotalCents: number;
  onChange: (choice: TipChoice) => void;
}) {
  const [customText, setCustomText] = useState('');
  const [customError, setCustomError] = useState<string | null>(null);

  function applyCustom(text: string) {
    setCustomText(text);
    if (text.trim() === '') {
      setCustomError(null);
      onChange({ kind: 'none' });
      return;
    }
    const cents = parseAmount(text);
    if (cents === null) {
      setCustomError('Enter an amount like 3 or 2.50.');
      return;
    }
    if (cents > MAX_TIP_CENTS) {
      setCustomError(`The most you can tip is ${formatMoney(MAX_TIP_CENTS)}.`);
      return;
    }
    setCustomError(null);
    onChange({ kind: 'custom', cents });
  }

  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-semibold">Tip your courier</legend>
      <div className="flex flex-wrap gap-2" role="group">
        <button
          type="button"
          className={chip(choice.kind === 'none')}
          aria-pressed={choice.kind === 'none'}
          data-testid="tip-none"
          onClick={() => onChange({ kind: 'none' })}
        >
          No tip
        </button>
        {TIP_PRESETS_BPS.map((bps) => (
          <button
            key={bps}
            type="button"
            className={chip(choice.kind === 'preset' && choice.bps === bps)}
            aria-pressed={choice.kind === 'preset' && choice.bps === bps}
            data-testid={`tip-${bps / 100}`}
            onClick={() => onChange({ kind: 'preset', bps })}
          >
            {bps / 100}% · {formatMoney(presetTip(subtotalCents, bps))}
          </button>
        ))}
      </div>
      <label className="block text-sm" htmlFor="tip-custom">
        Or an amount of your own
      </label>
      <input
        id="tip-custom"
        inputMode="decimal"
        className={inputClass}
        placeholder="0.00"
        value={customText}
        data-testid="tip-custom"
        aria-invalid={customError ? true : undefined}
        aria-describedby={customError ? 'tip-custom-error' : undefined}
        onChange={(e) => applyCustom(e.target.value)}
      />
      {customError && (
        <p id="tip-custom-error" className="text-sm text-red-700" role="alert">
          {customError}
        </p>
      )}
    </fieldset>
  );
}

export function CouponEntry({
  applied,
  message,
  onApply,
}: {
  /** The code the quote was asked with, if any. */
  applied: string | null;
  /** Why the quote refused it, if it did. */
  message: string | null;
  onApply: (code: string | null) => void;
}) {
  const [text, setText] = useState(applied ?? '');
  const [formatError, setFormatError] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '') {
      setFormatError(null);
      onApply(null);
      return;
    }
    // The server's own rule, checked here so a malformed code never costs a request.
    const code = couponCodeSchema.safeParse(text);
    setFormatError(code.success ? null : (code.error.issues[0]?.message ?? 'Check the code.'));
    if (code.success) onApply(code.data);
  }
  const error = formatError ?? message;
  return (
    <div className="space-y-2">
      <label htmlFor="coupon-code" className="block text-sm font-semibold">
        Coupon code
      </label>
      <div className="flex gap-2">
        <input
          id="coupon-code"
          className={inputClass}
          value={text}
          maxLength={32}
          autoCapitalize="characters"
          data-testid="coupon-code"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'coupon-message' : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') submit(e);
          }}
        />
        <button
          type="button"
          className={buttonClass('secondary', 'sm')}
          data-testid="apply-coupon"
          onClick={submit}
        >
          Apply
        </button>
      </div>
      {applied && !error && (
        <p className="text-sm text-emerald-800" data-testid="coupon-applied">
          {applied} applied.{' '}
          <button
            type="button"
            className="underline"
            onClick={() => {
              setText('');
              onApply(null);
            }}
          >
            Remove
          </button>
        </p>
      )}
      {error && (
        <p
          id="coupon-message"
          className="text-sm text-red-700"
          role="alert"
          data-testid="coupon-error"
        >
          {error}
        </p>
      )}
    </div>
  );
}
