// The building blocks of the API's output schemas: what the server sends, described for
// /api/openapi.json and checked by tRPC before a reply leaves. Input strings stay `safeText()`.
import { z } from 'zod';

/**
 * A string the server sends. It was checked on the way in (safeText) or is the server's own.
 */
export function outputText() {
  // eslint-disable-next-line no-restricted-syntax -- the ban is for client input; this describes output
  return z.string();
}

/** A uuid the server sends (not re-checked: the database made it). */
export function outputId() {
  return outputText().meta({ format: 'uuid' });
}

/** A moment: a `Date` through tRPC (superjson), an ISO 8601 string over REST. */
export function outputDate() {
  return z.date().meta({ override: { type: 'string', format: 'date-time' } });
}

/** Whole cents (money is never a float). */
export function cents() {
  return z.int();
}
