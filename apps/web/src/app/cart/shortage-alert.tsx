'use client';

// Shown when checkout lost a race for stock: which lines are short, and a one-click fix.
import type { ShortLine } from '@tiffin/domain/client-safe';

import { buttonClass } from '../../components/ui/button';

export function ShortageAlert({
  shortLines,
  onAdjust,
}: {
  shortLines: readonly ShortLine[];
  onAdjust: () => void;
}) {
  return (
    <div
      role="alert"
      data-testid="shortage-alert"
      className="space-y-3 rounded-xl bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-300"
    >
      <p className="font-semibold">Some items just ran low, so nothing was ordered yet.</p>
      <ul className="list-disc space-y-1 pl-5">
        {shortLines.map((line) => (
          <li key={line.menuItemId} data-testid={`shortage-${line.menuItemId}`}>
            {line.available === 0
              ? `${line.name}: sold out`
              : `${line.name}: you asked for ${line.requested}, only ${line.available} left`}
          </li>
        ))}
      </ul>
      <button
        type="button"
        data-testid="adjust-cart"
        onClick={onAdjust}
        className={buttonClass('secondary', 'sm')}
      >
        Adjust cart
      </button>
    </div>
  );
}
