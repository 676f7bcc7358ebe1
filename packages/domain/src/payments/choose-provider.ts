// Which provider a process uses: Stripe when both of its keys are configured, else the sandbox.
// Web and worker choose the same way, so a refund goes where its charge went.
import type { Db } from '@tiffin/db';

import type { PaymentProvider } from './payment-provider';
import { createSandboxProvider, sandboxWebhookSecret } from './sandbox-provider';
import { createStripeProvider } from './stripe-provider';

export interface PaymentConfig {
  currency: string;
  environment: string;
  /** The sandbox's webhook secret (PAYMENT_WEBHOOK_SECRET). */
  webhookSecret?: string | undefined;
  stripeSecretKey?: string | undefined;
  stripeWebhookSecret?: string | undefined;
  /** Tests only: a local Stripe-shaped server instead of Stripe's API. */
  stripeApi?: { host: string; port: number; protocol: 'http' | 'https' } | undefined;
}

/** The configured provider; throws with the variable to set when production lacks a secret. */
export function choosePaymentProvider(db: Db, config: PaymentConfig): PaymentProvider {
  if (config.stripeSecretKey && config.stripeWebhookSecret) {
    return createStripeProvider({
      secretKey: config.stripeSecretKey,
      webhookSecret: config.stripeWebhookSecret,
      currency: config.currency,
      ...(config.stripeApi ? { api: config.stripeApi } : {}),
    });
  }
  const webhookSecret = sandboxWebhookSecret(config.webhookSecret, config.environment);
  if (!webhookSecret) {
    throw new Error('Invalid environment: PAYMENT_WEBHOOK_SECRET: is required in production');
  }
  return createSandboxProvider({ db, webhookSecret, currency: config.currency });
}
