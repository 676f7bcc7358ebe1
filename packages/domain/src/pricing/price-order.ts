// The price of an order, as a breakdown in integer cents. One pure function, so the quote the
// cart shows, the order checkout writes and the receipt all agree to the cent.
//
//   subtotal     = Σ quantity × unit price (dishes only)
//   discount     = coupon: a percentage of the subtotal, or a fixed amount capped at the subtotal
//   service fee  = the restaurant's percentage of the subtotal (before the discount)
//   tax          = the restaurant's rate on (subtotal − discount + service fee)
//   delivery fee = the restaurant's flat fee; the tip is the customer's; neither is taxed
//   total        = subtotal − discount + service fee + tax + delivery fee + tip
//
// Every percentage rounds half up to a whole cent (rounding.ts), each on its own line.
import { percentOf } from './rounding';

export interface RestaurantFees {
  deliveryFeeCents: number;
  /** The least subtotal the restaurant takes an order for. */
  minimumOrderCents: number;
  serviceFeeBps: number;
  taxRateBps: number;
}

/** What a coupon takes off, once it has been found valid for this order. */
export interface CouponTerms {
  kind: 'percentage' | 'fixed';
  /** Basis points for `percentage`, cents for `fixed`. */
  amount: number;
}

export interface PricedLine {
  quantity: number;
  unitPriceCents: number;
}

export interface PriceBreakdown {
  subtotalCents: number;
  discountCents: number;
  serviceFeeCents: number;
  taxCents: number;
  deliveryFeeCents: number;
  tipCents: number;
  totalCents: number;
}

export function subtotalOf(lines: readonly PricedLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}

/** What a coupon takes off a subtotal: never more than the subtotal itself. */
export function discountFor(coupon: CouponTerms | null, subtotalCents: number): number {
  if (!coupon) return 0;
  const off =
    coupon.kind === 'percentage' ? percentOf(subtotalCents, coupon.amount) : coupon.amount;
  return Math.min(off, subtotalCents);
}

export function priceOrder(input: {
  lines: readonly PricedLine[];
  fees: RestaurantFees;
  coupon?: CouponTerms | null;
  tipCents?: number;
}): PriceBreakdown {
  const { fees } = input;
  const subtotalCents = subtotalOf(input.lines);
  const discountCents = discountFor(input.coupon ?? null, subtotalCents);
  const serviceFeeCents = percentOf(subtotalCents, fees.serviceFeeBps);
  const taxCents = percentOf(subtotalCents - discountCents + serviceFeeCents, fees.taxRateBps);
  // An empty order is delivered nowhere, so it costs nothing to deliver.
  const deliveryFeeCents = subtotalCents > 0 ? fees.deliveryFeeCents : 0;
  const tipCents = input.tipCents ?? 0;
  const totalCents =
    subtotalCents - discountCents + serviceFeeCents + taxCents + deliveryFeeCents + tipCents;
  return {
    subtotalCents,
    discountCents,
    serviceFeeCents,
    taxCents,
    deliveryFeeCents,
    tipCents,
    totalCents,
  };
}

/** Below the restaurant's minimum: how much more the dishes must come to, else 0. */
export function shortOfMinimum(subtotalCents: number, fees: RestaurantFees): number {
  return Math.max(0, fees.minimumOrderCents - subtotalCents);
}
