// Applies a limit inside a procedure: a refused call is a RATE_LIMITED domain error (HTTP 429,
// `Retry-After` from the HTTP handler's responseMeta) whose message says when to try again.
import { DomainError, isDomainError } from '@tiffin/domain';

import type { RateLimitName } from './rate-limit-policy';
import type { RateLimits } from './rate-limiters';
import { limitedMessage, UNAVAILABLE_MESSAGE } from './rate-limit-policy';

/** Counts the call; throws when over the limit. A context without limits (callers) is not limited. */
export async function enforceRateLimit(
  limits: RateLimits | null | undefined,
  name: RateLimitName,
  subject: string,
): Promise<void> {
  if (!limits) return;
  const outcome = await limits.consume(name, subject);
  if (outcome.allowed) return;
  const message =
    outcome.reason === 'limited' ? limitedMessage(name, outcome.retryAfterMs) : UNAVAILABLE_MESSAGE;
  throw new DomainError('RATE_LIMITED', message, { retryAfterMs: outcome.retryAfterMs });
}

/** The `Retry-After` header value (whole seconds, rounded up) for a wait in milliseconds. */
export function retryAfterSeconds(retryAfterMs: number): string {
  return String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/** For tRPC's responseMeta: `Retry-After` on a reply that carries a RATE_LIMITED error. */
export function retryAfterHeaderFor(
  errors: readonly { cause?: unknown }[],
): Record<string, string> | undefined {
  for (const error of errors) {
    if (isDomainError(error.cause) && error.cause.code === 'RATE_LIMITED') {
      const details = error.cause.details as { retryAfterMs: number };
      return { 'retry-after': retryAfterSeconds(details.retryAfterMs) };
    }
  }
  return undefined;
}
