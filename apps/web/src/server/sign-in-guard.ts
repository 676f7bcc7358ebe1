// The abuse limits in front of next-auth's endpoints (/api/auth/*). Every POST counts against its
// address's auth limit; a credentials sign-in also counts against the account+address limit, and
// a successful one clears that count, so only failures add up. Refusals answer the way next-auth's
// client reads a failed sign-in (JSON with a `url` whose `error` names the reason), plus 429 (or
// 503 while Redis, and so the limit, cannot be checked) and `Retry-After`.
import { createHash } from 'node:crypto';

import type { LimitOutcome } from '@tiffin/api';
import { retryAfterSeconds } from '@tiffin/api';

import { signInErrorCode } from '../lib/sign-in-errors';
import { clientAddressFromHeaders } from './client-address';
import { getRateLimits } from './rate-limits';

const CREDENTIALS_CALLBACK = '/api/auth/callback/credentials';
const UNKNOWN_ADDRESS = 'unknown';

function refusal(req: Request, outcome: Exclude<LimitOutcome, { allowed: true }>): Response {
  const retryAfter = retryAfterSeconds(outcome.retryAfterMs);
  const code = signInErrorCode(outcome.reason, Number(retryAfter));
  const url = new URL('/signin', req.url);
  url.searchParams.set('error', code);
  return Response.json(
    { url: url.toString(), error: code },
    {
      status: outcome.reason === 'limited' ? 429 : 503,
      headers: { 'retry-after': retryAfter, 'cache-control': 'no-store' },
    },
  );
}

/** The email a credentials sign-in names, lower-cased as accounts store it. */
async function emailOf(req: Request): Promise<string> {
  try {
    const form = await req.clone().formData();
    const email = form.get('email');
    return typeof email === 'string' ? email.trim().toLowerCase() : '';
  } catch {
    return '';
  }
}

/** A sign-in succeeded when next-auth set a (non-empty) session cookie. */
function signedIn(response: Response): boolean {
  return response.headers
    .getSetCookie()
    .some((cookie) => /next-auth\.session-token(\.\d+)?=[^;]+/.test(cookie));
}

/** Runs `handle` (next-auth) for a POST unless a limit refuses it first. */
export async function guardAuthPost(
  req: Request,
  handle: () => Promise<Response>,
): Promise<Response> {
  const limits = getRateLimits();
  const address = clientAddressFromHeaders(req.headers) ?? UNKNOWN_ADDRESS;
  const perAddress = await limits.consume('authRequests', address);
  if (!perAddress.allowed) return refusal(req, perAddress);

  if (new URL(req.url).pathname !== CREDENTIALS_CALLBACK) return handle();

  // Counted before the password is checked, so parallel guesses cannot slip past the limit.
  // The email is hashed: Redis keys should not hold people's addresses.
  const account = createHash('sha256')
    .update(await emailOf(req))
    .digest('base64url');
  const subject = `${account}|${address}`;
  const attempt = await limits.consume('signInAttempts', subject);
  if (!attempt.allowed) return refusal(req, attempt);
  const response = await handle();
  if (signedIn(response)) await limits.reset('signInAttempts', subject);
  return response;
}
