// What the pay page says when Stripe refuses a confirmation: Stripe's own words when they are
// about something the customer can fix (the card, a field), and ours otherwise, so an API or
// network failure never shows internals.
import type { StripeError } from '@stripe/stripe-js';

export function stripeErrorMessage(error: Pick<StripeError, 'type' | 'message'>): string {
  if ((error.type === 'card_error' || error.type === 'validation_error') && error.message) {
    return error.message;
  }
  return 'The payment could not be completed. Check your connection and try again.';
}
