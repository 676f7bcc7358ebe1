// The Stripe adapter against the official SDK: webhooks signed by the SDK's own test helper, and
// API calls answered by a local HTTP server with Stripe's documented response shapes (the SDK is
// pointed at it with its host, port and protocol options). No network, no mock of the SDK.
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';

import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { PaymentProvider } from './payment-provider';
import { WebhookVerificationError } from './payment-provider';
import { createStripeProvider } from './stripe-provider';

const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';

interface Seen {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  form: URLSearchParams;
}

let server: Server;
let provider: PaymentProvider;
let seen: Seen[] = [];
/** The next answer's status, for testing how failures surface. */
let failNext: { status: number; body: unknown } | null = null;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** Stripe's documented shapes, cut to what matters here. */
function answer(path: string, form: URLSearchParams, key: string | undefined) {
  if (path === '/v1/payment_intents') {
    return {
      id: `pi_${(key ?? 'nokey').replace(/[^a-z0-9]/gi, '').slice(-24)}`,
      object: 'payment_intent',
      amount: Number(form.get('amount')),
      currency: form.get('currency'),
      status: 'requires_payment_method',
      client_secret: 'pi_secret_test',
      metadata: {
        orderId: form.get('metadata[orderId]'),
        paymentId: form.get('metadata[paymentId]'),
      },
    };
  }
  if (path === '/v1/refunds') {
    return {
      id: 're_test_123',
      object: 'refund',
      amount: Number(form.get('amount')),
      payment_intent: form.get('payment_intent'),
      status: 'succeeded',
    };
  }
  return null;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const path = (req.url ?? '').split('?')[0]!;
      const form = new URLSearchParams(body);
      const key = req.headers['idempotency-key'] as string | undefined;
      seen.push({
        method: req.method ?? '',
        path,
        idempotencyKey: key,
        authorization: req.headers.authorization,
        form,
      });
      res.setHeader('content-type', 'application/json');
      if (failNext) {
        res.statusCode = failNext.status;
        res.end(JSON.stringify(failNext.body));
        failNext = null;
        return;
      }
      const reply = answer(path, form, key);
      res.statusCode = reply ? 200 : 404;
      res.end(JSON.stringify(reply ?? { error: { type: 'invalid_request_error' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  provider = createStripeProvider({
    secretKey: 'sk_test_local',
    webhookSecret: WEBHOOK_SECRET,
    currency: 'USD',
    api: { host: '127.0.0.1', port, protocol: 'http' },
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen = [];
  failNext = null;
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
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      idempotencyKey: 'payment-abc',
      authorization: 'Bearer sk_test_local',
    });
    expect(seen[0]!.form.get('amount')).toBe('2565');
    expect(seen[0]!.form.get('currency')).toBe('usd');
    expect(seen[0]!.form.get('metadata[orderId]')).toBe('00000000-0000-4000-8000-0000000000aa');
  });

  it('refunds a payment intent in full, once per key', async () => {
    const refund = await provider.refund({
      providerRef: 'pi_123',
      amountCents: 2565,
      idempotencyKey: 'refund-row-1',
    });
    expect(refund).toEqual({ refundRef: 're_test_123' });
    expect(seen[0]).toMatchObject({ path: '/v1/refunds', idempotencyKey: 'refund-refund-row-1' });
    expect(seen[0]!.form.get('payment_intent')).toBe('pi_123');
    expect(seen[0]!.form.get('amount')).toBe('2565');
  });

  it('a refused refund surfaces as an error (the worker records it and retries)', async () => {
    failNext = {
      status: 400,
      body: { error: { type: 'invalid_request_error', message: 'Charge already refunded.' } },
    };
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
