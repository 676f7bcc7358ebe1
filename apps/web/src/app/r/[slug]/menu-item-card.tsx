'use client';

// One dish: price, how much is left, and "Add to cart" with a moment of feedback.
import { useEffect, useRef, useState } from 'react';
import Image from 'next/image';

import type { RouterOutputs } from '@tiffin/api';

import type { AddToCartResult } from '../../../components/cart-provider';
import { useCart } from '../../../components/cart-provider';
import { buttonClass } from '../../../components/ui/button';
import { lineQuantity, maxQuantity } from '../../../lib/cart';
import { formatMoney } from '../../../lib/money';

type MenuItem = RouterOutputs['menu']['list']['items'][number];

export interface MenuRestaurant {
  id: string;
  slug: string;
  name: string;
  /** Taking orders right now: switched on and within its hours. */
  isOpen: boolean;
  /** Why not, for the disabled button: "Opens at 17:00". */
  closedReason: string | null;
}

const FEEDBACK_MS = 1500;

function StockIndicator({
  item,
  lowStockThreshold,
}: {
  item: MenuItem;
  lowStockThreshold: number;
}) {
  const testId = `stock-${item.id}`;
  if (!item.isAvailable || item.stock === 0) {
    return (
      <span
        data-testid={testId}
        data-stock="sold-out"
        className="text-xs font-semibold uppercase tracking-wide text-red-700"
      >
        Sold out
      </span>
    );
  }
  if (item.stock < lowStockThreshold) {
    return (
      <span data-testid={testId} data-stock="low" className="text-xs font-semibold text-amber-700">
        Only {item.stock} left
      </span>
    );
  }
  return (
    <span
      data-testid={testId}
      data-stock="in-stock"
      className="text-xs font-medium text-emerald-700"
    >
      In stock
    </span>
  );
}

export function MenuItemCard({
  item,
  restaurant,
  lowStockThreshold,
  tagLabels,
}: {
  item: MenuItem;
  restaurant: MenuRestaurant;
  lowStockThreshold: number;
  tagLabels: Readonly<Record<string, string>>;
}) {
  const cart = useCart();
  const [feedback, setFeedback] = useState<Exclude<AddToCartResult, 'confirming'> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const soldOut = !item.isAvailable || item.stock === 0;
  const inCart = lineQuantity(cart.cart, item.id);
  const limit = maxQuantity({ knownStock: item.stock }, cart.limits);
  const atLimit = inCart >= limit;
  const disabled = soldOut || !restaurant.isOpen || (atLimit && feedback === null);

  function handleAdd() {
    const result = cart.add({
      menuItemId: item.id,
      name: item.name,
      unitPriceCents: item.priceCents,
      restaurantId: restaurant.id,
      restaurantSlug: restaurant.slug,
      restaurantName: restaurant.name,
      knownStock: item.stock,
    });
    if (result === 'confirming') return;
    setFeedback(result);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setFeedback(null), FEEDBACK_MS);
  }

  let label = 'Add to cart';
  if (soldOut) label = 'Sold out';
  else if (!restaurant.isOpen) label = restaurant.closedReason ?? 'Closed';
  else if (feedback === 'added') label = 'Added ✓';
  else if (feedback === 'capped' || atLimit) label = 'Limit reached';

  return (
    <article
      data-testid={`menu-item-${item.id}`}
      className={`flex h-full gap-4 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm ${soldOut ? 'opacity-75' : ''}`}
    >
      <div className="flex min-w-0 flex-1 flex-col gap-1.5">
        <h3 className="font-semibold leading-snug">{item.name}</h3>
        <p className="line-clamp-3 text-sm text-stone-600">{item.description}</p>
        {item.tags.length > 0 && (
          <ul
            aria-label="Dietary information"
            className="flex flex-wrap gap-1"
            data-testid={`tags-${item.id}`}
          >
            {item.tags.map((tag) => (
              <li
                key={tag}
                data-tag={tag}
                className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
                  tag === 'contains_nuts' || tag === 'spicy'
                    ? 'bg-amber-50 text-amber-900 ring-amber-200'
                    : 'bg-emerald-50 text-emerald-800 ring-emerald-200'
                }`}
              >
                {tagLabels[tag] ?? tag}
              </li>
            ))}
          </ul>
        )}
        <div className="mt-auto flex flex-wrap items-center gap-x-3 gap-y-1 pt-2">
          <span className="font-semibold" data-testid={`price-${item.id}`}>
            {formatMoney(item.priceCents)}
          </span>
          <StockIndicator item={item} lowStockThreshold={lowStockThreshold} />
          {inCart > 0 && (
            <span className="text-xs text-stone-500" data-testid={`in-cart-${item.id}`}>
              {inCart} in cart
            </span>
          )}
        </div>
      </div>
      <div className="flex w-28 shrink-0 flex-col items-stretch gap-2">
        {/* Our images are generated SVG (app/images): the optimizer has nothing to do. */}
        <Image
          src={item.imageUrl}
          alt={item.name}
          width={112}
          height={84}
          unoptimized
          loading="lazy"
          className={`aspect-[4/3] w-full rounded-xl object-cover ${soldOut ? 'grayscale' : ''}`}
        />
        <button
          type="button"
          data-testid={`add-to-cart-${item.id}`}
          disabled={disabled}
          aria-describedby={!restaurant.isOpen ? 'closed-note' : undefined}
          onClick={handleAdd}
          className={buttonClass(feedback === 'added' ? 'secondary' : 'primary', 'sm')}
        >
          {label}
          <span className="sr-only">: {item.name}</span>
        </button>
      </div>
    </article>
  );
}
