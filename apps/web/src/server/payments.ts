// The process's payment provider, built from configuration on first use: Stripe when its keys
// are set, else the sandbox (the default, and what npm start and the tests use).
import type { PaymentProvider } from '@tiffin/domain';
import { choosePaymentProvider } from '@tiffin/domain';

import { getEnv } from '../env';
import { getDb } from './db';
import { processSingleton } from './process-singleton';

const provider = processSingleton('payments', (): PaymentProvider => {
  const env = getEnv();
  return choosePaymentProvider(getDb(), {
    currency: env.CURRENCY,
    environment: env.NODE_ENV,
    webhookSecret: env.PAYMENT_WEBHOOK_SECRET,
    stripeSecretKey: env.STRIPE_SECRET_KEY,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET,
    stripeApi: env.STRIPE_API_URL ? stripeApiAt(env.STRIPE_API_URL) : undefined,
  });
});

/** The SDK's host/port/protocol options for a base URL (e2e's local Stripe-shaped server). */
function stripeApiAt(base: string) {
  const url = new URL(base);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return {
    host: url.hostname,
    port: Number(url.port) || (protocol === 'https' ? 443 : 80),
    protocol,
  } as const;
}

export function getPaymentProvider(): PaymentProvider {
  return provider.get();
}
