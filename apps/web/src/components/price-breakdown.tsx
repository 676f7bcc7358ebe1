'use client';

// The price breakdown, line by line, as the cart quotes it and the order and receipt record it.
// One component so the three always read the same.
import type { PriceBreakdown } from '@tiffin/domain/client-safe';

import { formatMoney } from '../lib/money';

export function PriceBreakdownList({
  price,
  couponCode,
  testIdPrefix,
  live = false,
  checked,
}: {
  price: PriceBreakdown;
  couponCode?: string | null;
  /** `cart` → data-testid="cart-subtotal", "cart-total"…; `order` → "order-subtotal"… */
  testIdPrefix: string;
  /** Announce changes (the cart's quote updates as the customer edits). */
  live?: boolean;
  /** For the cart: whether the server has priced it yet (`data-checked` on the total). */
  checked?: boolean;
}) {
  const rows: [key: string, label: string, cents: number, show: boolean][] = [
    ['subtotal', 'Subtotal', price.subtotalCents, true],
    [
      'discount',
      couponCode ? `Discount (${couponCode})` : 'Discount',
      -price.discountCents,
      price.discountCents > 0,
    ],
    ['delivery-fee', 'Delivery fee', price.deliveryFeeCents, true],
    ['service-fee', 'Service fee', price.serviceFeeCents, price.serviceFeeCents > 0],
    ['tax', 'Tax', price.taxCents, true],
    ['tip', 'Tip', price.tipCents, price.tipCents > 0],
  ];
  return (
    <dl className="space-y-1 text-sm" aria-live={live ? 'polite' : undefined}>
      {rows
        .filter(([, , , show]) => show)
        .map(([key, label, cents]) => (
          <div key={key} className="flex justify-between text-stone-700">
            <dt>{label}</dt>
            <dd className="tabular-nums" data-testid={`${testIdPrefix}-${key}`}>
              {cents < 0 ? `−${formatMoney(-cents)}` : formatMoney(cents)}
            </dd>
          </div>
        ))}
      <div className="flex justify-between border-t border-stone-200 pt-2 text-base font-semibold">
        <dt>Total</dt>
        <dd className="tabular-nums" data-testid={`${testIdPrefix}-total`} data-checked={checked}>
          {formatMoney(price.totalCents)}
        </dd>
      </div>
    </dl>
  );
}
