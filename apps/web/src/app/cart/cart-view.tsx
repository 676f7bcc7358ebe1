'use client';

// The cart: lines with quantity controls, live checks against the menu, the price breakdown (a
// quote with the tip and coupon, lines that can't be ordered left out), and checkout.
import { useEffect, useState } from 'react';
import Link from 'next/link';
import { keepPreviousData } from '@tanstack/react-query';

import type { RouterOutputs } from '@tiffin/api';

import type { TipChoice } from './price-options';
import { useCart } from '../../components/cart-provider';
import { PriceBreakdownList } from '../../components/price-breakdown';
import { Button, buttonClass } from '../../components/ui/button';
import { useCartRevalidation } from '../../hooks/use-cart-revalidation';
import { cartSubtotalCents, isFixable } from '../../lib/cart';
import { formatMoney } from '../../lib/money';
import { api } from '../../trpc/react';
import { CartLineRow } from './cart-line-row';
import { CheckoutForm } from './checkout-form';
import { DropOffPicker } from './drop-off-picker';
import { CouponEntry, tipCentsOf, TipPicker } from './price-options';
import { useDropOffPin } from './use-drop-off-pin';

type LineReport = RouterOutputs['order']['quote']['lines'][number];

export function CartView({ signedIn, tileUrl }: { signedIn: boolean; tileUrl: string | null }) {
  const { cart, ready, restaurant, syncKnownStock, fix } = useCart();
  const [placedOrderId, setPlacedOrderId] = useState<string | null>(null);
  const [tip, setTip] = useState<TipChoice>({ kind: 'none' });
  const [couponCode, setCouponCode] = useState<string | null>(null);
  const [subtotalSeen, setSubtotalSeen] = useState<number | null>(null);

  const items = cart.lines.map((l) => ({
    menuItemId: l.menuItemId,
    quantity: l.quantity,
    expectedPriceCents: l.unitPriceCents,
  }));
  // A preset tip is a share of the subtotal the last quote found orderable.
  const tipCents = tipCentsOf(tip, subtotalSeen ?? cartSubtotalCents(cart));
  const validation = api.order.quote.useQuery(
    { items, tipCents, ...(couponCode ? { couponCode } : {}) },
    {
      enabled: ready && items.length > 0 && placedOrderId === null,
      placeholderData: keepPreviousData,
      refetchOnWindowFocus: true,
      // A cart is a promise about stock and prices: check again on every visit.
      refetchOnMount: 'always',
    },
  );
  useCartRevalidation(ready && placedOrderId === null ? (restaurant?.id ?? null) : null);
  const dropOff = useDropOffPin(restaurant, signedIn && ready && placedOrderId === null);

  // Quantity limits follow the stock the server just reported.
  const reportedLines = validation.data?.lines;
  useEffect(() => {
    if (reportedLines) syncKnownStock(reportedLines);
  }, [reportedLines, syncKnownStock]);
  // Remembered while rendering (not in an effect) so the tip follows the quote in the same pass.
  const quotedSubtotal = validation.data?.price.subtotalCents;
  if (quotedSubtotal !== undefined && quotedSubtotal !== subtotalSeen) {
    setSubtotalSeen(quotedSubtotal);
  }

  if (placedOrderId) {
    return (
      <div
        role="status"
        className="rounded-2xl border border-emerald-200 bg-emerald-50 p-8 text-center text-emerald-900"
      >
        <p className="text-lg font-semibold">Order placed!</p>
        <p className="mt-1 text-sm">Taking you to your order…</p>
      </div>
    );
  }

  if (!ready) {
    return (
      <div className="animate-pulse space-y-3" aria-busy="true" aria-label="Loading your cart">
        <div className="h-20 rounded-2xl bg-stone-200" />
        <div className="h-20 rounded-2xl bg-stone-200" />
      </div>
    );
  }

  if (cart.lines.length === 0) {
    return (
      <div
        className="rounded-2xl border border-dashed border-stone-300 bg-white p-10 text-center"
        data-testid="cart-empty"
      >
        <p className="text-lg font-semibold">Your cart is empty</p>
        <p className="mt-1 text-stone-600">
          Find something delicious and it will wait for you here.
        </p>
        <Link href="/" className={`${buttonClass('primary')} mt-5`}>
          Browse restaurants
        </Link>
      </div>
    );
  }

  const reports = new Map<string, LineReport>(
    (validation.isPlaceholderData ? [] : (reportedLines ?? [])).map((r) => [r.menuItemId, r]),
  );
  const checked = validation.data !== undefined && !validation.isPlaceholderData;
  const quote = validation.data;
  const linesOk = quote ? quote.lines.every((l) => l.problems.length === 0) : true;
  // Until the first quote arrives, the cart's own prices stand in (no fees known yet).
  const price = quote?.price ?? {
    subtotalCents: cartSubtotalCents(cart),
    discountCents: 0,
    serviceFeeCents: 0,
    taxCents: 0,
    deliveryFeeCents: 0,
    tipCents,
    totalCents: cartSubtotalCents(cart) + tipCents,
  };
  const blockedReason = checked && quote && !quote.ok ? (quote.reasons[0]?.message ?? null) : null;

  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_380px]">
      <section aria-labelledby="cart-lines-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="cart-lines-heading" className="text-lg font-semibold">
            {restaurant ? (
              <>
                From{' '}
                <Link href={`/r/${restaurant.slug}`} className="text-brand-700 hover:underline">
                  {restaurant.name}
                </Link>
              </>
            ) : (
              'Items'
            )}
          </h2>
          {restaurant && (
            <Link
              href={`/r/${restaurant.slug}`}
              className="text-sm font-medium text-stone-600 hover:text-stone-900"
            >
              + Add more
            </Link>
          )}
        </div>
        <ul className="divide-y divide-stone-200 overflow-hidden rounded-2xl border border-stone-200 bg-white shadow-sm">
          {cart.lines.map((line) => (
            <CartLineRow key={line.menuItemId} line={line} report={reports.get(line.menuItemId)} />
          ))}
        </ul>
        {checked && !linesOk && (
          <div
            role="status"
            data-testid="cart-problems"
            className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-300"
          >
            <span>
              {isFixable(validation.data.lines)
                ? 'Some items changed since you added them.'
                : `${restaurant?.name ?? 'The restaurant'} is closed right now, so it can’t take your order.`}
            </span>
            {isFixable(validation.data.lines) && (
              <Button
                size="sm"
                variant="secondary"
                data-testid="fix-cart"
                onClick={() => fix(validation.data.lines)}
              >
                Fix my cart
              </Button>
            )}
          </div>
        )}
        {validation.isError && (
          <p className="text-sm text-amber-800" role="status">
            We couldn’t check stock and prices just now; the kitchen will confirm when you order.
          </p>
        )}
        {dropOff.restaurant && dropOff.pin && (
          <section aria-labelledby="drop-off-heading" className="space-y-2 pt-3">
            <h2 id="drop-off-heading" className="text-lg font-semibold">
              Where should we bring it?
            </h2>
            <DropOffPicker
              restaurant={dropOff.restaurant}
              pin={dropOff.pin}
              onMove={dropOff.move}
              tileUrl={tileUrl}
              error={dropOff.pinError}
            />
          </section>
        )}
      </section>

      <aside
        aria-labelledby="checkout-heading"
        className="space-y-5 self-start rounded-2xl border border-stone-200 bg-white p-5 shadow-sm lg:sticky lg:top-24"
      >
        <h2 id="checkout-heading" className="text-lg font-semibold">
          Checkout
        </h2>
        <TipPicker choice={tip} subtotalCents={price.subtotalCents} onChange={setTip} />
        <CouponEntry
          applied={couponCode}
          message={quote?.coupon && !quote.coupon.applied ? quote.coupon.message : null}
          onApply={setCouponCode}
        />
        <PriceBreakdownList
          price={price}
          couponCode={quote?.coupon?.applied ? quote.coupon.code : null}
          testIdPrefix="cart"
          checked={checked}
          live
        />
        {quote && quote.shortOfMinimumCents > 0 && (
          <p className="text-sm text-amber-900" data-testid="cart-minimum" role="status">
            Add {formatMoney(quote.shortOfMinimumCents)} more to reach the{' '}
            {formatMoney(quote.fees?.minimumOrderCents ?? 0)} minimum.
          </p>
        )}
        {validation.isFetching && (
          <p className="text-xs text-stone-500">Checking stock and prices…</p>
        )}
        <CheckoutForm
          signedIn={signedIn}
          dropOff={dropOff}
          onPlaced={setPlacedOrderId}
          pricing={{
            tipCents,
            couponCode: quote?.coupon?.applied ? quote.coupon.code : null,
            expectedTotalCents: checked && quote ? quote.price.totalCents : null,
            blockedReason,
          }}
        />
      </aside>
    </div>
  );
}
