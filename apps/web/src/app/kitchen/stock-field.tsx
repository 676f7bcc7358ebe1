'use client';

// A dish's stock, typed in place: saved when the field loses focus or on Enter, put back on
// Escape, and checked with the API's rule first. Orders keep moving the stock, so the field
// shows the latest figure except while the cook is typing.
import type { KeyboardEvent } from 'react';

import { useState } from 'react';

import { MAX_STOCK, setItemStockInputSchema } from '@tiffin/domain/client-safe';

import { touchInputClass } from '../../components/consoles/touch-input';
import { firstError } from '../../lib/field-errors';
import { api } from '../../trpc/react';

export function StockField({
  item,
  restaurantId,
}: {
  item: { id: string; name: string; stock: number };
  restaurantId: string;
}) {
  const utils = api.useUtils();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = api.kitchen.setItemStock.useMutation({
    onSuccess: (updated) => {
      utils.kitchen.restaurant.setData({ restaurantId }, (current) =>
        current
          ? {
              ...current,
              menuItems: current.menuItems.map((i) =>
                i.id === updated.id ? { ...i, stock: updated.stock } : i,
              ),
            }
          : current,
      );
      setDraft(null);
      setSaved(true);
    },
    onError: (e) => setError(firstError(e.data?.fieldErrors, 'stock') ?? e.message),
  });

  const id = `stock-input-${item.id}`;
  const value = draft ?? String(item.stock);

  function commit() {
    if (draft === null || save.isPending) return;
    const text = draft.trim();
    if (text === String(item.stock)) {
      setDraft(null);
      setError(null);
      return;
    }
    const parsed = setItemStockInputSchema.safeParse({
      menuItemId: item.id,
      stock: text === '' ? Number.NaN : Number(text),
    });
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'Enter a whole number';
      setError(text === '' ? 'Enter how many are left (0 for none)' : message);
      return;
    }
    setError(null);
    save.mutate(parsed.data);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      setDraft(null);
      setError(null);
    }
  }

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-stone-800">
        Stock<span className="sr-only"> of {item.name}</span>
      </label>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_STOCK}
          step={1}
          value={value}
          onChange={(event) => {
            setDraft(event.target.value);
            setSaved(false);
          }}
          onBlur={commit}
          onKeyDown={onKeyDown}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid={`stock-input-${item.id}`}
          data-saving={String(save.isPending)}
          className={`${touchInputClass} w-28 tabular-nums`}
        />
        <span
          aria-live="polite"
          className="text-sm font-medium text-emerald-800"
          data-testid={`stock-saved-${item.id}`}
        >
          {save.isPending ? 'Saving…' : saved && draft === null ? 'Saved' : ''}
        </span>
      </div>
      {error && (
        <p
          id={`${id}-error`}
          role="alert"
          className="text-sm font-medium text-red-800"
          data-testid={`stock-error-${item.id}`}
        >
          {error}
        </p>
      )}
    </div>
  );
}
