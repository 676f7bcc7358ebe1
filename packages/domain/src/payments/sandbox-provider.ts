// The sandbox provider: a stand-in for a hosted card page that needs no network. Its payments are
// paid on our own /pay/<paymentId> page with the documented test cards; its own books (which
// payment it captured) live in SandboxIntent; and, like a real provider, it tells Tiffin the
// outcome only through a webhook signed in Stripe's scheme, which the worker delivers.
import { createHash } from 'node:crypto';

import type { Db } from '@tiffin/db';

import type { PaymentProvider, ProviderEventBody } from './payment-provider';
import { parseProviderEvent, WebhookVerificationError } from './payment-provider';
import { verifyWebhookSignature } from './webhook-signature';

/**
 * The sandbox's webhook secret when none is configured outside production: published, so only
 * for development. Production refuses to start without PAYMENT_WEBHOOK_SECRET.
 */
export const SANDBOX_DEV_WEBHOOK_SECRET = 'tiffin-sandbox-development-only-secret';

/** The configured secret, or the development one; null in production when none is set. */
export function sandboxWebhookSecret(
  configured: string | undefined,
  environment: string,
): string | null {
  if (configured) return configured;
  return environment === 'production' ? null : SANDBOX_DEV_WEBHOOK_SECRET;
}

/** The header the sandbox signs its webhooks in (Stripe's is Stripe-Signature). */
export const SANDBOX_SIGNATURE_HEADER = 'tiffin-signature';

/** The sandbox's id of a payment, derived from ours so a retry finds the same one. */
export function sandboxRef(paymentId: string): string {
  return `pi_sbx_${paymentId.replaceAll('-', '')}`;
}

export function payPageUrl(paymentId: string): string {
  return `/pay/${paymentId}`;
}

export function createSandboxProvider(opts: {
  db: Db;
  webhookSecret: string;
  currency: string;
}): PaymentProvider {
  return {
    name: 'sandbox',
    currency: opts.currency,
    signatureHeader: SANDBOX_SIGNATURE_HEADER,

    async createPayment({ paymentId, amountCents }) {
      const providerRef = sandboxRef(paymentId);
      // Upsert on the payment: asked twice (a retried checkout), the sandbox has one payment.
      await opts.db.sandboxIntent.upsert({
        where: { providerRef },
        create: { providerRef, paymentId, amountCents, currency: opts.currency },
        update: {},
      });
      return { providerRef, redirectUrl: payPageUrl(paymentId) };
    },

    refund({ idempotencyKey }) {
      // Deterministic from the key, as a provider's idempotent refund would be.
      const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24);
      return Promise.resolve({ refundRef: `re_sbx_${digest}` });
    },

    parseWebhook(rawBody, signature) {
      verifyWebhookSignature(rawBody, signature, opts.webhookSecret);
      let body: ProviderEventBody;
      try {
        body = JSON.parse(rawBody) as ProviderEventBody;
      } catch {
        throw new WebhookVerificationError('body is not JSON');
      }
      return parseProviderEvent(body);
    },
  };
}
