// Webhook signatures in Stripe's scheme: the header is `t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<raw body>">`. A wrong signature, a missing part or a timestamp outside the tolerance is
// refused, so a captured webhook can't be replayed later.
import { createHmac, timingSafeEqual } from 'node:crypto';

import { WebhookVerificationError } from './payment-provider';

/** How far a webhook's timestamp may be from now: Stripe's default, five minutes. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

function hmac(secret: string, timestamp: number, payload: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
}

export function signWebhook(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, payload)}`;
}

export function verifyWebhookSignature(
  payload: string,
  header: string | null,
  secret: string,
  now = Math.floor(Date.now() / 1000),
): void {
  if (!header || header.length > 1000) throw new WebhookVerificationError('no signature');
  const parts = header.split(',').map((part) => part.split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!Number.isInteger(timestamp) || signatures.length === 0) {
    throw new WebhookVerificationError('malformed signature');
  }
  if (Math.abs(now - timestamp) > WEBHOOK_TOLERANCE_SECONDS) {
    throw new WebhookVerificationError('timestamp outside the tolerance');
  }
  const expected = Buffer.from(hmac(secret, timestamp, payload), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('signature mismatch');
}
