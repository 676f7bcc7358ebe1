// order.quote: what the cart would cost if ordered now, as the breakdown checkout would charge,
// or every reason it can't be ordered yet. It reads and never writes, so the cart can ask on each
// change; checkout prices again under its locks and refuses when the total moved.
import type { Db } from '@tiffin/db';

import type { CartLineReport } from '../cart/validate-cart';
import type { CouponRefusal } from '../coupons/coupon-rules';
import type { QuoteOrderInput } from '../orders/order-input';
import type { PriceBreakdown, RestaurantFees } from './price-order';
import { validateCart } from '../cart/validate-cart';
import { COUPON_REFUSAL_MESSAGES, couponRefusal } from '../coupons/coupon-rules';
import { findCoupon, usesByCustomer } from '../coupons/redeem-coupon';
import { priceOrder, shortOfMinimum } from './price-order';

export type QuoteReasonCode =
  'empty' | 'unorderable_lines' | 'restaurant_closed' | 'below_minimum' | 'invalid_coupon';

export interface QuoteReason {
  code: QuoteReasonCode;
  message: string;
}

export interface OrderQuote {
  lines: CartLineReport[];
  /** The orderable lines only, with the coupon when it applies and the tip. */
  price: PriceBreakdown;
  fees: RestaurantFees | null;
  /** How much more the dishes must come to; 0 when the minimum is met. */
  shortOfMinimumCents: number;
  coupon: {
    code: string;
    applied: boolean;
    refusal: CouponRefusal | null;
    message: string | null;
  } | null;
  reasons: QuoteReason[];
  /** True when nothing stops checkout (changed prices aside: the lines say so). */
  ok: boolean;
}

const NO_FEES: RestaurantFees = {
  deliveryFeeCents: 0,
  minimumOrderCents: 0,
  serviceFeeBps: 0,
  taxRateBps: 0,
};

export async function quoteOrder(
  db: Db,
  input: QuoteOrderInput,
  viewer: { userId: string | null },
): Promise<OrderQuote> {
  const cart = await validateCart(db, input.items);
  const restaurant = cart.restaurantId
    ? await db.restaurant.findUnique({
        where: { id: cart.restaurantId },
        select: {
          deliveryFeeCents: true,
          minimumOrderCents: true,
          serviceFeeBps: true,
          taxRateBps: true,
        },
      })
    : null;
  const fees = restaurant ?? NO_FEES;
  const lines = cart.lines
    .filter((l) => l.orderable && l.priceCents !== null)
    .map((l) => ({ quantity: l.quantity, unitPriceCents: l.priceCents ?? 0 }));
  const dishes = priceOrder({ lines, fees });
  const reasons: QuoteReason[] = [];

  if (cart.lines.length === 0) reasons.push({ code: 'empty', message: 'Your cart is empty.' });
  if (cart.lines.some((l) => l.problems.includes('restaurant_closed'))) {
    reasons.push({ code: 'restaurant_closed', message: 'The restaurant is closed right now.' });
  }
  // A changed price is not a reason: the line sells at the new price, which the quote shows (and
  // checkout, holding the old one, answers PRICE_CHANGED so the customer can accept it).
  if (cart.lines.some((l) => !l.orderable && l.problems.some((p) => p !== 'restaurant_closed'))) {
    reasons.push({
      code: 'unorderable_lines',
      message: 'Some items can’t be ordered as they are; fix them to check out.',
    });
  }
  const short = cart.lines.length > 0 ? shortOfMinimum(dishes.subtotalCents, fees) : 0;
  if (short > 0) {
    reasons.push({
      code: 'below_minimum',
      message: 'Your order is below the restaurant’s minimum; add a little more to order.',
    });
  }

  let coupon: OrderQuote['coupon'] = null;
  let terms = null;
  if (input.couponCode) {
    const row = await findCoupon(db, input.couponCode);
    const used = row && viewer.userId ? await usesByCustomer(db, row.id, viewer.userId) : null;
    const refusal = couponRefusal(row, {
      subtotalCents: dishes.subtotalCents,
      now: new Date(),
      usesByCustomer: used,
    });
    coupon = {
      code: input.couponCode,
      applied: refusal === null,
      refusal,
      message: refusal ? COUPON_REFUSAL_MESSAGES[refusal] : null,
    };
    if (refusal)
      reasons.push({ code: 'invalid_coupon', message: COUPON_REFUSAL_MESSAGES[refusal] });
    else if (row) terms = { kind: row.kind, amount: row.amount };
  }

  const price = priceOrder({ lines, fees, coupon: terms, tipCents: input.tipCents });
  return {
    lines: cart.lines,
    price,
    fees: restaurant,
    shortOfMinimumCents: short,
    coupon,
    reasons,
    ok: reasons.length === 0,
  };
}
