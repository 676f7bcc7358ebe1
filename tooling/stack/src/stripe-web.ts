// The web app with Stripe configured, for the e2e suite's Stripe pay page: a second web process on
// the same database and Redis, whose Stripe SDK talks to the local Stripe-shaped server (Stripe
// can't be reached offline). Its keys are test-only and reach nothing real.
import type { AppEnv, RunningApp } from './stack';
import type { StripeShapedServer } from './testing/stripe-shaped-server';
import { freePort } from './services';
import { startWeb, waitForHttp } from './stack';
import { startStripeShapedServer } from './testing/stripe-shaped-server';

export const E2E_STRIPE_KEYS = {
  STRIPE_SECRET_KEY: 'sk_test_e2e_only',
  STRIPE_WEBHOOK_SECRET: 'whsec_e2e_only_0123456789abcdef',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_e2e_only',
} as const;

export interface StripeWeb {
  app: RunningApp;
  baseUrl: string;
  api: StripeShapedServer;
  stop(): Promise<void>;
}

/** Starts the Stripe web beside `env`'s (same database, Redis and settings, its own port). */
export async function startStripeWeb(env: AppEnv): Promise<StripeWeb> {
  const api = await startStripeShapedServer();
  const port = await freePort();
  const app = startWeb({
    ...env,
    port,
    extra: {
      ...env.extra,
      ...E2E_STRIPE_KEYS,
      STRIPE_API_URL: `${api.api.protocol}://${api.api.host}:${api.api.port}`,
    },
  });
  const baseUrl = `http://localhost:${port}`;
  try {
    await waitForHttp(`${baseUrl}/`, app);
  } catch (error) {
    await app.stop();
    await api.stop();
    throw error;
  }
  return {
    app,
    baseUrl,
    api,
    stop: async () => {
      await app.stop();
      await api.stop();
    },
  };
}
