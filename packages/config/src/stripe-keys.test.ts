import { describe, expect, it } from 'vitest';

import { stripeKeyProblems, WEB_STRIPE_KEYS, WORKER_STRIPE_KEYS } from './stripe-keys';

const ALL = {
  STRIPE_SECRET_KEY: 'sk_test_1',
  STRIPE_WEBHOOK_SECRET: 'whsec_1',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_1',
};

describe('Stripe keys: all or none', () => {
  it('none or all of them is fine', () => {
    expect(stripeKeyProblems({}, WEB_STRIPE_KEYS)).toEqual([]);
    expect(stripeKeyProblems(ALL, WEB_STRIPE_KEYS)).toEqual([]);
  });

  it('names each missing key and what made it required', () => {
    const problems = stripeKeyProblems(
      { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' },
      WEB_STRIPE_KEYS,
    );
    expect(problems).toEqual([
      {
        name: 'STRIPE_PUBLISHABLE_KEY',
        unset: true,
        message: expect.stringMatching(
          /^is required when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set/,
        ) as unknown,
      },
    ]);
  });

  it('the worker needs no publishable key, but still both of the others', () => {
    expect(
      stripeKeyProblems(
        { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' },
        WORKER_STRIPE_KEYS,
      ),
    ).toEqual([]);
    expect(
      stripeKeyProblems({ STRIPE_SECRET_KEY: 'sk_test_1' }, WORKER_STRIPE_KEYS).map((p) => p.name),
    ).toEqual(['STRIPE_WEBHOOK_SECRET']);
  });
});
