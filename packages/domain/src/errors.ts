// Domain errors: one class with a code, and a map from each code to the details it carries, so
// the API turns each into a typed tRPC error and a client switches on `code` with the details
// typed to match (the documenso AppError pattern).

export interface ShortLine {
  menuItemId: string;
  name: string;
  requested: number;
  available: number;
}

/** A line whose price moved between the customer's cart and the order. */
export interface PriceChange {
  menuItemId: string;
  name: string;
  expectedPriceCents: number;
  priceCents: number;
}

/** Why a coupon does not apply to an order (coupons/coupon-rules.ts). */
export type CouponRefusalCode =
  'unknown' | 'disabled' | 'expired' | 'below_minimum' | 'customer_limit' | 'exhausted';

/** What each error code carries; `null` for codes whose message says it all. */
export interface DomainErrorDetails {
  STOCK_CONFLICT: { shortLines: ShortLine[] };
  PRICE_CHANGED: { priceChanges: PriceChange[] };
  INVALID_ORDER: { unknownMenuItemIds: string[] } | null;
  NOT_FOUND: null;
  FORBIDDEN: null;
  EMAIL_TAKEN: null;
  ILLEGAL_TRANSITION: { entity: 'order' | 'delivery'; from: string; to: string };
  STALE_TRANSITION: { entity: 'order' | 'delivery'; expected: string; actual: string };
  /** Another courier claimed the delivery first. */
  DELIVERY_TAKEN: { orderId: string };
  /** A courier tried to claim a second delivery while one is still on their hands. */
  COURIER_BUSY: { activeOrderId: string };
  /** A reported position outside the box around the delivery. */
  POSITION_OUT_OF_AREA: { south: number; west: number; north: number; east: number };
  /** Too soon after the last request of its kind; try again after `retryAfterMs`. */
  RATE_LIMITED: { retryAfterMs: number };
  /** The order has a review already: each order is rated once (null: one committed concurrently). */
  ALREADY_REVIEWED: { reviewId: string | null };
  /** Only delivered orders can be rated. */
  ORDER_NOT_DELIVERED: { status: string };
  /** The review window after delivery has passed (instants as ISO strings). */
  REVIEW_WINDOW_CLOSED: { deliveredAt: string; closedAt: string };
  /** A request that breaks a rule its schema cannot express; the message says which. */
  INVALID_REQUEST: null;
  /** The coupon code does not apply to this order (unknown, expired, below its minimum…). */
  COUPON_INVALID: { code: string; refusal: CouponRefusalCode };
  /** Every use of the coupon is taken; racing checkouts lost it. */
  COUPON_EXHAUSTED: { code: string };
  /** The price came out different from the quote the customer saw; nothing was ordered. */
  QUOTE_CHANGED: { expectedTotalCents: number; totalCents: number };
  /** The payment can't be made (any more): already paid, or its order was cancelled. */
  PAYMENT_CLOSED: null;
  /** An emailed account link that cannot be used: already used, expired, or not one of ours. */
  ACCOUNT_LINK_UNUSABLE: { reason: AccountLinkProblem };
  /** A person keeps at most `limit` saved addresses. */
  ADDRESS_LIMIT: { limit: number };
}

/** Why an emailed account link does not work. */
export type AccountLinkProblem = 'used' | 'expired' | 'invalid';

export type DomainErrorCode = keyof DomainErrorDetails;

/** `{ code, details }` with details typed by code: the union clients switch on. */
export type DomainErrorData<C extends DomainErrorCode = DomainErrorCode> = {
  [K in C]: { code: K; details: DomainErrorDetails[K] };
}[C];

/** Codes whose details are optional (null allowed) take them as an optional last argument. */
type DetailsArgument<C extends DomainErrorCode> = null extends DomainErrorDetails[C]
  ? [details?: DomainErrorDetails[C]]
  : [details: DomainErrorDetails[C]];

export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  override name = 'DomainError';
  readonly details: DomainErrorDetails[C];

  constructor(
    readonly code: C,
    message: string,
    ...[details]: DetailsArgument<C>
  ) {
    super(message);
    // Codes whose details are optional take null when none are given.
    this.details = details ?? (null as DomainErrorDetails[C]);
  }

  /** `{ code, details }` as one value, typed by code: what the API sends clients. */
  get data(): DomainErrorData<C> {
    return { code: this.code, details: this.details };
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export class StockConflictError extends DomainError<'STOCK_CONFLICT'> {
  constructor(readonly shortLines: ShortLine[]) {
    const names = shortLines
      .map((l) =>
        l.available === 0 ? `${l.name} is sold out` : `only ${l.available} ${l.name} left`,
      )
      .join('; ');
    super('STOCK_CONFLICT', `Not enough stock: ${names}.`, { shortLines });
  }
}

/** The cart showed other prices than the kitchen charges now; nothing was ordered. */
export class PriceChangedError extends DomainError<'PRICE_CHANGED'> {
  constructor(readonly priceChanges: PriceChange[]) {
    const names = priceChanges.map((c) => c.name).join(', ');
    super(
      'PRICE_CHANGED',
      `Prices changed since you added ${names}. Check your cart and order again.`,
      { priceChanges },
    );
  }
}

/** A transition the state machine does not allow from that state, ever. */
export class IllegalTransitionError extends DomainError<'ILLEGAL_TRANSITION'> {
  constructor(
    readonly entity: 'order' | 'delivery',
    readonly from: string,
    readonly to: string,
  ) {
    super(
      'ILLEGAL_TRANSITION',
      `${entity === 'order' ? 'An order' : 'A delivery'} cannot go from ${from} to ${to}.`,
      { entity, from, to },
    );
  }
}

/** The transition is legal, but the record is no longer in `from`: someone moved it first. */
export class StaleTransitionError extends DomainError<'STALE_TRANSITION'> {
  constructor(
    readonly entity: 'order' | 'delivery',
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      'STALE_TRANSITION',
      `The ${entity} is ${actual.replaceAll('_', ' ')} now, not ${expected.replaceAll('_', ' ')}.`,
      { entity, expected, actual },
    );
  }
}
