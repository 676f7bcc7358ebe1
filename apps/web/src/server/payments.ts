// The process's payment provider, built from configuration on first use: the sandbox (the
// default, and what npm start and the tests use).
import type { PaymentProvider } from '@tiffin/domain';
import { createSandboxProvider, sandboxWebhookSecret } from '@tiffin/domain';

import { getEnv } from '../env';
import { getDb } from './db';
import { processSingleton } from './process-singleton';

const provider = processSingleton('payments', (): PaymentProvider => {
  const env = getEnv();
  const webhookSecret = sandboxWebhookSecret(env.PAYMENT_WEBHOOK_SECRET, env.NODE_ENV);
  if (!webhookSecret) {
    throw new Error('Invalid environment: PAYMENT_WEBHOOK_SECRET: is required in production');
  }
  return createSandboxProvider({ db: getDb(), webhookSecret, currency: env.CURRENCY });
});

export function getPaymentProvider(): PaymentProvider {
  return provider.get();
}
