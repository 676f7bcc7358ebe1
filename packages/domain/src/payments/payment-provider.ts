// The one seam between Tiffin and whoever holds the money. A provider creates a payment for an
// order, refunds one, and verifies and parses its own webhooks; everything else (the ledger, the
// order's lifecycle, idempotency) is Tiffin's and the same for every provider.

export type ProviderName = 'sandbox' | 'stripe';

export interface CreatedPayment {
  /** The provider's id of the payment (a payment intent). */
  providerRef: string;
  /** Where the customer goes to pay: our own pay page. */
  redirectUrl: string;
}

/** What Tiffin needs from a provider event; the rest of the provider's payload is ignored. */
export interface PaymentWebhookEvent {
  /** The provider's event id: processed once, however often it is delivered. */
  eventId: string;
  kind: 'payment_succeeded' | 'payment_failed' | 'payment_requires_action' | 'ignored';
  /** The provider's type, as sent (e.g. payment_intent.succeeded). */
  type: string;
  providerRef: string | null;
  amountCents: number | null;
  /** The bank's or provider's words on a decline. */
  failureMessage: string | null;
}

/** A webhook whose signature, timestamp or body is not acceptable; answered 400 with no detail. */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

/**
 * By name, not `instanceof`: the web app's provider is built once per process and may come from
 * another bundle of this module than the route that catches its errors.
 */
export function isWebhookVerificationError(error: unknown): error is WebhookVerificationError {
  return error instanceof Error && error.name === 'WebhookVerificationError';
}

export interface PaymentProvider {
  readonly name: ProviderName;
  /** The currency payments are made in (ISO 4217, upper case). */
  readonly currency: string;
  /** The request header the provider signs its webhooks in. */
  readonly signatureHeader: string;
  /** Creates the payment; the same `idempotencyKey` always gives back the same payment. */
  createPayment(input: {
    paymentId: string;
    orderId: string;
    amountCents: number;
    idempotencyKey: string;
  }): Promise<CreatedPayment>;
  /** Refunds a payment in full; the same `idempotencyKey` refunds once. */
  refund(input: {
    providerRef: string;
    amountCents: number;
    idempotencyKey: string;
  }): Promise<{ refundRef: string }>;
  /** Verifies the signature and timestamp, then parses; WebhookVerificationError otherwise. */
  parseWebhook(rawBody: string, signature: string | null): PaymentWebhookEvent;
  /**
   * The secret the browser confirms this payment with (Stripe.js); only providers whose card
   * form runs in the browser have one. A credential for one payment: never log it.
   */
  clientSecret?(providerRef: string): Promise<string>;
}

/** A Stripe-shaped event (the sandbox sends the same shape), as far as Tiffin reads it. */
export interface ProviderEventBody {
  id?: unknown;
  type?: unknown;
  data?: {
    object?: {
      id?: unknown;
      amount?: unknown;
      last_payment_error?: { message?: unknown } | null;
    };
  };
}

const KINDS: Readonly<Record<string, PaymentWebhookEvent['kind']>> = {
  'payment_intent.succeeded': 'payment_succeeded',
  'payment_intent.payment_failed': 'payment_failed',
  'payment_intent.requires_action': 'payment_requires_action',
};

/** Reads a verified, Stripe-shaped event body; a body without an id or type is refused. */
export function parseProviderEvent(body: ProviderEventBody): PaymentWebhookEvent {
  if (typeof body.id !== 'string' || typeof body.type !== 'string' || body.id.length > 255) {
    throw new WebhookVerificationError('event without an id or a type');
  }
  const object = body.data?.object;
  const kind = KINDS[body.type] ?? 'ignored';
  const providerRef = typeof object?.id === 'string' ? object.id : null;
  if (kind !== 'ignored' && !providerRef) {
    throw new WebhookVerificationError('payment event without a payment');
  }
  const message = object?.last_payment_error?.message;
  return {
    eventId: body.id,
    kind,
    type: body.type,
    providerRef,
    amountCents: typeof object?.amount === 'number' ? object.amount : null,
    failureMessage: typeof message === 'string' ? message.slice(0, 500) : null,
  };
}
