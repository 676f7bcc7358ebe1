// The Stripe adapter against the official SDK: webhooks signed by the SDK's own test helper, and
// API calls answered by a local HTTP server with Stripe's documented response shapes (the SDK is
// pointed at it with its host, port and protocol options). No network, no mock of the SDK.
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { StripeShapedServer } from '@tiffin/stack/testing';
import { startStripeShapedServer } from '@tiffin/stack/testing';

import type { PaymentProvider } from './payment-provider';
import { WebhookVerificationError } from './payment-provider';
import { createStripeProvider } from './stripe-provider';

const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';

let server: StripeShapedServer;
let provider: PaymentProvider;

beforeAll(async () => {
  server = await startStripeShapedServer();
  provider = createStripeProvider({
    secretKey: 'sk_test_local',
    webhookSecret: WEBHOOK_SECRET,
    currency: 'USD',
    api: server.api,
  });
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.clear();
});

const sdk = new Stripe('sk_test_unused');

function stripeEvent(type: string, object: Record<string, unknown>, id = 'evt_test_1') {
  return JSON.stringify({ id, object: 'event', type, created: 1, data: { object } });
}

describe('the Stripe adapter: API calls', () => {
  it('creates a payment intent for the amount, in the currency, with an idempotency key', async () => {
    const created = await provider.createPayment({
      paymentId: '00000000-0000-4000-8000-000000000001',
      orderId: '00000000-0000-4000-8000-0000000000aa',
      amountCents: 2565,
      idempotencyKey: 'abc',
    });
    expect(created).toEqual({
      providerRef: expect.stringMatching(/^pi_/),
      redirectUrl: '/pay/00000000-0000-4000-8000-000000000001',
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      idempotencyKey: 'payment-abc',
      authorization: 'Bearer sk_test_local',
    });
    expect(server.requests[0]!.form.get('amount')).toBe('2565');
    expect(server.requests[0]!.form.get('currency')).toBe('usd');
    expect(server.requests[0]!.form.get('metadata[orderId]')).toBe(
      '00000000-0000-4000-8000-0000000000aa',
    );
  });

  it('refunds a payment intent in full, once per key', async () => {
    const refund = await provider.refund({
      providerRef: 'pi_123',
      amountCents: 2565,
      idempotencyKey: 'refund-row-1',
    });
    expect(refund).toEqual({ refundRef: 're_test_123' });
    expect(server.requests[0]).toMatchObject({
      path: '/v1/refunds',
      idempotencyKey: 'refund-refund-row-1',
    });
    expect(server.requests[0]!.form.get('payment_intent')).toBe('pi_123');
    expect(server.requests[0]!.form.get('amount')).toBe('2565');
  });

  it("reads back the intent's client secret for the card form", async () => {
    const created = await provider.createPayment({
      paymentId: '00000000-0000-4000-8000-000000000002',
      orderId: '00000000-0000-4000-8000-0000000000ab',
      amountCents: 999,
      idempotencyKey: 'def',
    });
    const secret = await provider.clientSecret!(created.providerRef);
    expect(secret).toMatch(new RegExp(`^${created.providerRef}_secret_`));
    expect(server.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/v1/payment_intents/${created.providerRef}`,
    });
    await expect(provider.clientSecret!('pi_unknown')).rejects.toThrow(/No such resource/);
  });

  it('a refused refund surfaces as an error (the worker records it and retries)', async () => {
    server.failNext(400, {
      error: { type: 'invalid_request_error', message: 'Charge already refunded.' },
    });
    await expect(
      provider.refund({ providerRef: 'pi_123', amountCents: 100, idempotencyKey: 'x' }),
    ).rejects.toThrow(/already refunded/);
  });
});

describe('the Stripe adapter: webhooks signed by the SDK', () => {
  it('a succeeded payment intent, signed with the endpoint secret, is read', () => {
    const payload = stripeEvent('payment_intent.succeeded', {
      id: 'pi_123',
      object: 'payment_intent',
      amount: 2565,
    });
    const header = sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect(provider.parseWebhook(payload, header)).toEqual({
      eventId: 'evt_test_1',
      kind: 'payment_succeeded',
      type: 'payment_intent.succeeded',
      providerRef: 'pi_123',
      amountCents: 2565,
      failureMessage: null,
    });
  });

  it('a failed payment carries the bank’s message', () => {
    const payload = stripeEvent('payment_intent.payment_failed', {
      id: 'pi_9',
      amount: 100,
      last_payment_error: { message: 'Your card was declined.' },
    });
    const header = sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect(provider.parseWebhook(payload, header)).toMatchObject({
      kind: 'payment_failed',
      failureMessage: 'Your card was declined.',
    });
  });

  it('an event Tiffin does not act on is read as ignored', () => {
    const payload = stripeEvent('customer.created', { id: 'cus_1' });
    const header = sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect(provider.parseWebhook(payload, header).kind).toBe('ignored');
  });

  const refusals: [string, () => [string, string | null]][] = [
    [
      'another secret',
      () => {
        const payload = stripeEvent('payment_intent.succeeded', { id: 'pi_1', amount: 1 });
        return [payload, sdk.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' })];
      },
    ],
    [
      'a stale timestamp',
      () => {
        const payload = stripeEvent('payment_intent.succeeded', { id: 'pi_1', amount: 1 });
        const timestamp = Math.floor(Date.now() / 1000) - 3600;
        return [
          payload,
          sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp }),
        ];
      },
    ],
    [
      'a body changed after signing',
      () => {
        const payload = stripeEvent('payment_intent.succeeded', { id: 'pi_1', amount: 1 });
        const header = sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
        return [payload.replace('"amount":1', '"amount":100000'), header];
      },
    ],
    ['no signature', () => [stripeEvent('payment_intent.succeeded', { id: 'pi_1' }), null]],
  ];
  for (const [name, build] of refusals) {
    it(`${name} is refused`, () => {
      const [payload, header] = build();
      expect(() => provider.parseWebhook(payload, header)).toThrow(WebhookVerificationError);
    });
  }
});
