'use client';

// Delivery details, the drop-off pin and "Place order". One idempotency key per checkout attempt:
// a retry of the same cart reuses it (so a lost response never orders twice); a changed cart gets
// a new one. A pin outside the delivery area, or a restaurant outside its hours, stops checkout.
// A saved address fills the address and moves the pin; a typed one can be saved for next time.
import type { FormEvent } from 'react';

import { useRef, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';

import type { FieldErrors } from '@tiffin/api';
import type { DomainErrorData, GeoPoint, PriceChange, ShortLine } from '@tiffin/domain/client-safe';
import { addressLabelSchema, deliveryDetailsSchema } from '@tiffin/domain/client-safe';

import { useCart } from '../../components/cart-provider';
import { buttonClass } from '../../components/ui/button';
import { FormField } from '../../components/ui/input';
import { cartSignature } from '../../lib/cart';
import { fieldErrorsFromZod, firstError, otherErrors } from '../../lib/field-errors';
import { newIdempotencyKey } from '../../lib/idempotency-key';
import { formatMoney } from '../../lib/money';
import { api } from '../../trpc/react';
import { ShortageAlert } from './shortage-alert';

const FORM_FIELDS = ['deliveryAddress', 'note'] as const;

interface Attempt {
  key: string;
  /** The cart the key was made for; any other cart is a new attempt. */
  signature: string;
}

/** The refusals checkout answers with a panel of their own instead of a message. */
interface Conflicts {
  shortLines: ShortLine[] | null;
  priceChanges: PriceChange[] | null;
}

function conflictsOf(domain: DomainErrorData | null | undefined): Conflicts {
  switch (domain?.code) {
    case 'STOCK_CONFLICT':
      return { shortLines: domain.details.shortLines, priceChanges: null };
    case 'PRICE_CHANGED':
      return { shortLines: null, priceChanges: domain.details.priceChanges };
    default:
      return { shortLines: null, priceChanges: null };
  }
}

/** What the cart's quote adds to the order: the tip, the coupon, and the total it showed. */
export interface CheckoutPricing {
  tipCents: number;
  couponCode: string | null;
  /** The quoted total; checkout refuses to charge anything else. Null before the first quote. */
  expectedTotalCents: number | null;
  /** Why the quote says this cart can't be ordered yet; checkout stays disabled while set. */
  blockedReason: string | null;
}

export function CheckoutForm({
  signedIn,
  dropOff,
  onPlaced,
  pricing,
}: {
  signedIn: boolean;
  /** The pin on the map beside the form, and what (if anything) stops checkout because of it. */
  dropOff: {
    pin: GeoPoint | null;
    pinError: string | null;
    closedNotice: string | null;
    /** Moves the pin (a saved address was picked). */
    move?: (pin: GeoPoint) => void;
  };
  onPlaced: (orderId: string) => void;
  pricing: CheckoutPricing;
}) {
  const router = useRouter();
  const { cart, clear, applyAvailability, acceptPrice } = useCart();
  const { pin, pinError, closedNotice } = dropOff;
  const [deliveryAddress, setDeliveryAddress] = useState('');
  const [note, setNote] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [paymentMethod, setPaymentMethod] = useState<'cash' | 'card'>('cash');
  const [savedId, setSavedId] = useState('');
  const [saveAddress, setSaveAddress] = useState(false);
  const [saveLabel, setSaveLabel] = useState('Home');
  const utils = api.useUtils();
  const saved = api.account.addresses.list.useQuery(undefined, {
    enabled: signedIn,
    staleTime: 60_000,
  });
  const addAddress = api.account.addresses.add.useMutation({
    onSuccess: () => void utils.account.addresses.list.invalidate(),
  });
  const place = api.order.place.useMutation({
    // A refusal about prices, stock or the coupon means the quote is out of date: ask again.
    onError: () => void utils.order.quote.invalidate(),
  });
  // React state lags within one task; this closes the gap so two submits can't both go out.
  const submitting = useRef(false);

  if (!signedIn) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-stone-600">
          Sign in to add a delivery address and place your order.
        </p>
        <Link
          href="/signin?callbackUrl=/cart"
          data-testid="place-order"
          className={`${buttonClass('primary', 'lg')} w-full`}
        >
          Sign in to order
        </Link>
      </div>
    );
  }

  const errorData = place.error?.data;
  const { shortLines, priceChanges } = conflictsOf(errorData?.domain);
  const serverFieldErrors = errorData?.code === 'BAD_REQUEST' ? errorData.fieldErrors : null;
  const fieldErrors = clientErrors ?? serverFieldErrors;
  const formError = checkoutErrorMessage();
  const savedAddresses = saved.data ?? [];
  const saveError = addAddress.error
    ? (addAddress.error.data?.fieldErrors?.label?.[0] ?? addAddress.error.message)
    : null;

  function pickSaved(id: string) {
    setSavedId(id);
    const chosen = savedAddresses.find((a) => a.id === id);
    if (!chosen) return;
    setDeliveryAddress(chosen.address);
    setSaveAddress(false);
    dropOff.move?.({ lat: chosen.lat, lng: chosen.lng });
  }

  function checkoutErrorMessage(): string | null {
    if (!place.error || shortLines || priceChanges) return null;
    if (!errorData || errorData.httpStatus >= 500) {
      return 'We couldn’t place your order. Please try again; you won’t be charged twice.';
    }
    if (errorData.code === 'UNAUTHORIZED') return 'Your session has ended. Sign in again to order.';
    if (serverFieldErrors) {
      const rest = otherErrors(serverFieldErrors, FORM_FIELDS);
      return rest.length > 0 ? rest.join(' ') : null;
    }
    return place.error.message;
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (place.isPending || submitting.current || pinError || closedNotice) return;
    if (pricing.blockedReason) return;
    const details = deliveryDetailsSchema.safeParse({
      deliveryAddress,
      note: note.trim() === '' ? undefined : note,
    });
    if (!details.success) {
      setClientErrors(fieldErrorsFromZod(details.error));
      return;
    }
    setClientErrors(null);

    if (saveAddress && !savedId && pin) {
      const label = addressLabelSchema.safeParse(saveLabel);
      if (!label.success) {
        setClientErrors({ saveLabel: label.error.issues.map((i) => i.message) });
        return;
      }
      try {
        await addAddress.mutateAsync({
          label: label.data,
          address: details.data.deliveryAddress,
          location: pin,
        });
        setSaveAddress(false);
      } catch {
        return; // Shown from addAddress.error; nothing was ordered.
      }
    }

    const signature = cartSignature(cart);
    const key = attempt?.signature === signature ? attempt.key : newIdempotencyKey();
    if (key !== attempt?.key) setAttempt({ key, signature });

    submitting.current = true;
    try {
      const order = await place.mutateAsync({
        items: cart.lines.map((l) => ({
          menuItemId: l.menuItemId,
          quantity: l.quantity,
          expectedPriceCents: l.unitPriceCents,
        })),
        ...details.data,
        ...(pin ? { deliveryLocation: pin } : {}),
        idempotencyKey: key,
        paymentMethod,
        tipCents: pricing.tipCents,
        ...(pricing.couponCode ? { couponCode: pricing.couponCode } : {}),
        ...(pricing.expectedTotalCents !== null
          ? { expectedTotalCents: pricing.expectedTotalCents }
          : {}),
      });
      setAttempt(null);
      onPlaced(order.orderId);
      clear();
      // A card order is paid first, on its pay page; a cash order goes straight to tracking.
      router.push(order.payment ? order.payment.redirectUrl : `/orders/${order.orderId}`);
    } catch {
      // The error is rendered from `place.error`; the key is kept so a retry is the same attempt.
    } finally {
      submitting.current = false;
    }
  }

  function handleAcceptPrices() {
    for (const change of priceChanges ?? []) acceptPrice(change.menuItemId, change.priceCents);
    place.reset();
  }

  function handleAdjust() {
    if (shortLines) applyAvailability(shortLines);
    place.reset();
  }

  return (
    <form
      noValidate
      onSubmit={(e) => void handleSubmit(e)}
      className="space-y-4"
      aria-label="Checkout"
    >
      {pinError && (
        <p role="alert" data-testid="checkout-pin-error" className="text-sm text-red-800">
          Move the drop-off pin inside the delivery area to order.
        </p>
      )}
      {savedAddresses.length > 0 && (
        <div className="space-y-1.5">
          <label htmlFor="saved-address" className="block text-sm font-medium text-stone-800">
            Saved address
          </label>
          <select
            id="saved-address"
            data-testid="saved-address-select"
            value={savedId}
            onChange={(e) => pickSaved(e.target.value)}
            className="block w-full rounded-xl border border-stone-400 bg-white px-3.5 py-2.5 text-sm shadow-sm focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700/30"
          >
            <option value="">Type a new address</option>
            {savedAddresses.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}: {a.address}
              </option>
            ))}
          </select>
        </div>
      )}
      <FormField
        id="delivery-address"
        name="deliveryAddress"
        label="Delivery address"
        autoComplete="street-address"
        placeholder="12 Curry Lane, Apt 3"
        required
        value={deliveryAddress}
        error={firstError(fieldErrors, 'deliveryAddress')}
        onChange={(e) => {
          setDeliveryAddress(e.target.value);
          setSavedId('');
        }}
        data-testid="delivery-address"
      />
      {!savedId && (
        <div className="space-y-2">
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              data-testid="save-address"
              checked={saveAddress}
              onChange={(e) => setSaveAddress(e.target.checked)}
            />
            Save this address for next time
          </label>
          {saveAddress && (
            <FormField
              id="save-address-label"
              data-testid="save-address-label"
              label="Label for this address"
              value={saveLabel}
              error={firstError(fieldErrors, 'saveLabel') ?? saveError ?? undefined}
              onChange={(e) => {
                setSaveLabel(e.target.value);
                addAddress.reset();
              }}
            />
          )}
        </div>
      )}
      <FormField
        id="delivery-note"
        name="note"
        label="Note for the kitchen or courier (optional)"
        multiline
        placeholder="Ring twice, extra spicy…"
        value={note}
        error={firstError(fieldErrors, 'note')}
        onChange={(e) => setNote(e.target.value)}
        data-testid="delivery-note"
      />

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Payment</legend>
        <div className="flex gap-4 text-sm">
          {(
            [
              ['cash', 'Cash on delivery'],
              ['card', 'Card'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input
                type="radio"
                name="paymentMethod"
                value={value}
                checked={paymentMethod === value}
                onChange={() => {
                  setPaymentMethod(value);
                  // Another way to pay is another checkout attempt.
                  setAttempt(null);
                }}
                data-testid={`payment-${value}`}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>

      {shortLines && shortLines.length > 0 && (
        <ShortageAlert shortLines={shortLines} onAdjust={handleAdjust} />
      )}
      {priceChanges && priceChanges.length > 0 && (
        <div
          role="alert"
          data-testid="price-changed-alert"
          className="space-y-3 rounded-xl bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-300"
        >
          <p className="font-semibold">Prices changed, so nothing was ordered yet.</p>
          <ul className="list-disc space-y-1 pl-5">
            {priceChanges.map((change) => (
              <li key={change.menuItemId} data-testid={`price-change-${change.menuItemId}`}>
                {change.name}: {formatMoney(change.expectedPriceCents)} →{' '}
                {formatMoney(change.priceCents)}
              </li>
            ))}
          </ul>
          <button
            type="button"
            data-testid="accept-prices"
            onClick={handleAcceptPrices}
            className={buttonClass('secondary', 'sm')}
          >
            Use the new prices
          </button>
        </div>
      )}
      {formError && (
        <div
          role="alert"
          data-testid="checkout-error"
          className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200"
        >
          {formError}
          {errorData?.code === 'UNAUTHORIZED' && (
            <>
              {' '}
              <Link href="/signin?callbackUrl=/cart" className="font-semibold underline">
                Sign in
              </Link>
            </>
          )}
        </div>
      )}

      {pricing.blockedReason && !closedNotice && (
        <p
          role="status"
          data-testid="checkout-blocked"
          className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-300"
        >
          {pricing.blockedReason}
        </p>
      )}
      {closedNotice && (
        <p
          role="status"
          data-testid="checkout-closed"
          className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-300"
        >
          {closedNotice}
        </p>
      )}

      <button
        type="submit"
        data-testid="place-order"
        disabled={
          place.isPending ||
          cart.lines.length === 0 ||
          pinError !== null ||
          closedNotice !== null ||
          pricing.blockedReason !== null
        }
        aria-busy={place.isPending}
        className={`${buttonClass('primary', 'lg')} w-full`}
      >
        {place.isPending
          ? 'Placing order…'
          : paymentMethod === 'card'
            ? 'Place order and pay'
            : 'Place order'}
      </button>
    </form>
  );
}
