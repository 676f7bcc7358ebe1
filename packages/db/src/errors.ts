// Domain errors: one class with a code, so the API maps each to a typed tRPC error and the
// client can switch on `code` (the documenso AppError pattern).
export type DomainErrorCode =
  | 'STOCK_CONFLICT'
  | 'PRICE_CHANGED'
  | 'INVALID_ORDER'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'EMAIL_TAKEN'
  | 'ILLEGAL_TRANSITION'
  | 'STALE_TRANSITION';

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

export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: C,
    message: string,
    readonly details?: C extends 'STOCK_CONFLICT' ? { shortLines: ShortLine[] } : unknown,
  ) {
    super(message);
  }
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
      {
        priceChanges,
      },
    );
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
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
