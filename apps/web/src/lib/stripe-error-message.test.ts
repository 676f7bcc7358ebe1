import { describe, expect, it } from 'vitest';

import { stripeErrorMessage } from './stripe-error-message';

describe('stripeErrorMessage', () => {
  it("a declined card or an incomplete field: Stripe's words, which tell the customer what to fix", () => {
    expect(stripeErrorMessage({ type: 'card_error', message: 'Your card was declined.' })).toBe(
      'Your card was declined.',
    );
    expect(
      stripeErrorMessage({ type: 'validation_error', message: 'Your card number is incomplete.' }),
    ).toBe('Your card number is incomplete.');
  });

  it('anything else: our words, none of Stripe’s internals', () => {
    const generic = 'The payment could not be completed. Check your connection and try again.';
    expect(
      stripeErrorMessage({ type: 'api_error', message: 'Internal error req_123 at /v1/...' }),
    ).toBe(generic);
    expect(stripeErrorMessage({ type: 'invalid_request_error', message: 'No such intent' })).toBe(
      generic,
    );
    expect(stripeErrorMessage({ type: 'card_error', message: undefined })).toBe(generic);
  });
});
