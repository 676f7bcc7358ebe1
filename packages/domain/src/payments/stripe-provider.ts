// The Stripe provider: Payment Intents through the official SDK, webhooks verified with
// stripe.webhooks.constructEvent (Stripe's signature and five-minute tolerance), full refunds, and
// each intent's client secret for the pay page's card form.
// Stripe's idempotency keys make a retried create or refund return the first one's result.
import Stripe from 'stripe';

import type { PaymentProvider, ProviderEventBody } from './payment-provider';
import { parseProviderEvent, WebhookVerificationError } from './payment-provider';
import { payPageUrl } from './sandbox-provider';
import { WEBHOOK_TOLERANCE_SECONDS } from './webhook-signature';

export interface StripeProviderOptions {
  secretKey: string;
  webhookSecret: string;
  currency: string;
  /** Where the API is: Stripe's own unless set (tests point it at a local server). */
  api?: { host: string; port: number; protocol: 'http' | 'https' };
}

export function createStripeProvider(opts: StripeProviderOptions): PaymentProvider {
  const stripe = new Stripe(opts.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(opts.api ?? {}),
  });
  return {
    name: 'stripe',
    currency: opts.currency,
    signatureHeader: 'stripe-signature',

    async createPayment({ paymentId, orderId, amountCents, idempotencyKey }) {
      const intent = await stripe.paymentIntents.create(
        {
          amount: amountCents,
          currency: opts.currency.toLowerCase(),
          metadata: { orderId, paymentId },
          automatic_payment_methods: { enabled: true },
        },
        { idempotencyKey: `payment-${idempotencyKey}` },
      );
      return { providerRef: intent.id, redirectUrl: payPageUrl(paymentId) };
    },

    async refund({ providerRef, amountCents, idempotencyKey }) {
      const refund = await stripe.refunds.create(
        { payment_intent: providerRef, amount: amountCents },
        { idempotencyKey: `refund-${idempotencyKey}` },
      );
      return { refundRef: refund.id };
    },

    async clientSecret(providerRef) {
      const intent = await stripe.paymentIntents.retrieve(providerRef);
      if (!intent.client_secret)
        throw new Error(`payment intent ${providerRef} has no client secret`);
      return intent.client_secret;
    },

    parseWebhook(rawBody, signature) {
      if (!signature) throw new WebhookVerificationError('no signature');
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          rawBody,
          signature,
          opts.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
        );
      } catch (error) {
        throw new WebhookVerificationError(
          error instanceof Error ? error.message : 'signature verification failed',
        );
      }
      // A verified Stripe event: its payment intents carry the fields Tiffin reads.
      return parseProviderEvent(event as unknown as ProviderEventBody);
    },
  };
}
