// The errors the server's rules raise, as a client sees them: `error.data.domain` is
// `{ code, details }` with the details typed by code, so a UI switches on the code.
import { TRPCClientError } from '@trpc/client';

import type { DomainErrorCode, DomainErrorData, DomainErrorDetails } from '@tiffin/domain';

import type { AppRouter } from './app-router';

export type { DomainErrorCode, DomainErrorData, DomainErrorDetails };

/** Any error a Tiffin call rejects with. */
export type TiffinClientError = TRPCClientError<AppRouter>;

/** The domain error an API call failed with, or null (not a domain error, or not from Tiffin). */
export function domainErrorOf(error: unknown): DomainErrorData | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('domain' in data)) return null;
  const domain = data.domain;
  if (typeof domain !== 'object' || domain === null || !('code' in domain)) return null;
  return domain as DomainErrorData;
}

/**
 * Whether `error` is a domain error (of `code`, when given); narrows `error.data.domain`, e.g.
 * `if (isDomainError(e, 'STOCK_CONFLICT')) e.data.domain.details.shortLines`.
 */
export function isDomainError<C extends DomainErrorCode = DomainErrorCode>(
  error: unknown,
  code?: C,
): error is TiffinClientError & { data: { domain: DomainErrorData<C> } } {
  const domain = domainErrorOf(error);
  return domain !== null && (code === undefined || domain.code === code);
}
