'use client';

// One cart line: quantity stepper, remove, line total, and what the latest check found wrong.
import type { RouterOutputs } from '@tiffin/api';

import type { CartLine } from '../../lib/cart';
import { useCart } from '../../components/cart-provider';
import { maxQuantity } from '../../lib/cart';
import { formatMoney } from '../../lib/money';

type LineReport = RouterOutputs['order']['quote']['lines'][number];
type CartProblem = LineReport['problems'][number];

function problemText(problem: CartProblem, line: CartLine, report: LineReport): string {
  switch (problem) {
    case 'not_found':
      return 'No longer on the menu. Remove it to order.';
    case 'unavailable':
      return 'Unavailable right now.';
    case 'sold_out':
      return 'Sold out.';
    case 'insufficient_stock':
      return `Only ${report.stock} left; you have ${line.quantity}.`;
    case 'price_changed':
      return `Price changed from ${formatMoney(line.unitPriceCents)} to ${formatMoney(report.priceCents ?? 0)}.`;
    case 'other_restaurant':
      return 'From a different restaurant than the rest of your cart.';
    case 'restaurant_closed':
      return 'The restaurant is closed right now.';
  }
}

const stepButton =
  'grid h-8 w-8 place-items-center rounded-full border border-stone-300 bg-white text-lg leading-none text-stone-700 transition hover:bg-stone-100 disabled:cursor-not-allowed disabled:opacity-40';

export function CartLineRow({ line, report }: { line: CartLine; report: LineReport | undefined }) {
  const { setQuantity, remove, acceptPrice, limits } = useCart();
  const id = line.menuItemId;
  const problems = report?.problems ?? [];
  const unitPrice = report?.priceCents ?? line.unitPriceCents;
  const atMax = line.quantity >= maxQuantity(line, limits);
  // A line checkout can't take counts for nothing: struck through, and said so.
  const excluded = report !== undefined && !report.orderable;

  return (
    <li
      data-testid={`cart-line-${id}`}
      data-orderable={report ? report.orderable : undefined}
      className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center"
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium">{line.name}</p>
        <p className="text-sm text-stone-500">{formatMoney(unitPrice)} each</p>
        {excluded && (
          <p
            className="text-xs font-semibold uppercase text-red-700"
            data-testid={`line-excluded-${id}`}
          >
            Not counted in your total
          </p>
        )}
        {report && problems.length > 0 && (
          <ul className="mt-1 space-y-0.5" data-testid={`line-problems-${id}`}>
            {problems.map((problem) => (
              <li
                key={problem}
                className="flex flex-wrap items-center gap-2 text-sm text-red-700"
                data-problem={problem}
              >
                <span>{problemText(problem, line, report)}</span>
                {problem === 'insufficient_stock' && report.stock > 0 && (
                  <button
                    type="button"
                    className="text-sm font-medium text-brand-700 underline underline-offset-2"
                    data-testid={`take-available-${id}`}
                    onClick={() => setQuantity(id, report.stock)}
                  >
                    Change to {report.stock}
                  </button>
                )}
                {['not_found', 'unavailable', 'sold_out'].includes(problem) && (
                  <button
                    type="button"
                    className="text-sm font-medium text-brand-700 underline underline-offset-2"
                    onClick={() => remove(id)}
                  >
                    Remove it
                  </button>
                )}
                {problem === 'price_changed' && report.priceCents !== null && (
                  <button
                    type="button"
                    className="text-sm font-medium text-brand-700 underline underline-offset-2"
                    onClick={() => acceptPrice(id, report.priceCents ?? line.unitPriceCents)}
                  >
                    OK, use the new price
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex items-center justify-between gap-4 sm:justify-end">
        <div
          className="flex items-center gap-2"
          role="group"
          aria-label={`Quantity of ${line.name}`}
        >
          <button
            type="button"
            className={stepButton}
            data-testid={`decrease-${id}`}
            aria-label={`One fewer ${line.name}`}
            onClick={() => setQuantity(id, line.quantity - 1)}
          >
            −
          </button>
          <span
            className="w-6 text-center font-semibold tabular-nums"
            data-testid={`quantity-${id}`}
            aria-live="polite"
          >
            {line.quantity}
          </span>
          <button
            type="button"
            className={stepButton}
            data-testid={`increase-${id}`}
            aria-label={`One more ${line.name}`}
            disabled={atMax}
            title={atMax ? 'That’s as many as you can order' : undefined}
            onClick={() => setQuantity(id, line.quantity + 1)}
          >
            +
          </button>
        </div>
        <span
          className={`w-20 text-right font-semibold tabular-nums ${excluded ? 'text-stone-600 line-through' : ''}`}
          data-testid={`line-total-${id}`}
        >
          {formatMoney(unitPrice * line.quantity)}
          {excluded && <span className="sr-only"> (not counted in your total)</span>}
        </span>
        <button
          type="button"
          data-testid={`remove-${id}`}
          onClick={() => remove(id)}
          className="rounded-lg px-2 py-1 text-sm text-stone-500 hover:bg-stone-100 hover:text-red-700"
        >
          Remove<span className="sr-only"> {line.name}</span>
        </button>
      </div>
    </li>
  );
}
