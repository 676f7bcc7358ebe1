// Stripe's keys, the same for every app that takes card payments: each checked for its prefix,
// and a set of them that only works together refused when one is missing, since a partial set
// would otherwise fall back to the sandbox without a word.
import { z } from 'zod';

import type { EnvProblem } from './parse-env';

export const stripeKeysShape = {
  STRIPE_SECRET_KEY: z.string().startsWith('sk_', { error: 'must start with sk_' }).optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .startsWith('whsec_', { error: 'must start with whsec_' })
    .optional(),
  // The browser's key for Stripe.js on the pay page; only the web reads it.
  STRIPE_PUBLISHABLE_KEY: z.string().startsWith('pk_', { error: 'must start with pk_' }).optional(),
};

export type StripeKeyName = keyof typeof stripeKeysShape;

/** The pay page's card form needs all three; the worker creates nothing in the browser. */
export const WEB_STRIPE_KEYS: readonly StripeKeyName[] = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_PUBLISHABLE_KEY',
];
export const WORKER_STRIPE_KEYS: readonly StripeKeyName[] = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
];

/** Problems when some of `names` are set and others not: all or none. */
export function stripeKeyProblems(
  env: Partial<Record<StripeKeyName, string | undefined>>,
  names: readonly StripeKeyName[],
): EnvProblem[] {
  const set = names.filter((name) => env[name] !== undefined);
  if (set.length === 0 || set.length === names.length) return [];
  return names
    .filter((name) => env[name] === undefined)
    .map((name) => ({
      name,
      unset: true,
      message: `is required when ${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'} set (Stripe needs all of ${names.join(', ')})`,
    }));
}
