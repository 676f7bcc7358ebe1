// Domain errors: one class with a code, so the API maps each to a typed tRPC error and the
// client can switch on `code` (the documenso AppError pattern).
export type DomainErrorCode =
  'STOCK_CONFLICT' | 'INVALID_ORDER' | 'NOT_FOUND' | 'FORBIDDEN' | 'EMAIL_TAKEN';

export interface ShortLine {
  menuItemId: string;
  name: string;
  requested: number;
  available: number;
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

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
