// payment.stripeClientSecret on a real database, with the official Stripe SDK talking to the local
// Stripe-shaped server: the card form's client secret goes to the payment's own customer while
// the order is unpaid, and to nobody else; a paid, cancelled or sandbox payment is refused, and a
// refusal never reaches Stripe.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';

import type { PaymentProvider } from '@tiffin/domain';
import type {
  StripeShapedServer,
  TestDatabase,
  TestPerson,
  TestRestaurant,
} from '@tiffin/stack/testing';
import {
  createSandboxProvider,
  createStripeProvider,
  expireUnpaidOrder,
  handlePaymentWebhook,
  signWebhook,
} from '@tiffin/domain';
import {
  createTestDatabase,
  createTestPerson,
  createTestRestaurant,
  startStripeShapedServer,
} from '@tiffin/stack/testing';

import type { SessionUser } from '../trpc';
import { appRouter } from '../root';
import { createCallerFactory } from '../trpc';

const WEBHOOK_SECRET = 'whsec_integration_0123456789';

let t: TestDatabase;
let stripeApi: StripeShapedServer;
let stripe: PaymentProvider;
let restaurant: TestRestaurant;
let customer: TestPerson;
let otherCustomer: TestPerson;
let staff: TestPerson;
let admin: TestPerson;

const createCaller = createCallerFactory(appRouter);
const callerFor = (user: SessionUser, payments: PaymentProvider = stripe) =>
  createCaller({ db: t.db, user, correlationId: randomUUID(), tracking: null, payments });

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  stripeApi = await startStripeShapedServer();
  stripe = createStripeProvider({
    secretKey: 'sk_test_local',
    webhookSecret: WEBHOOK_SECRET,
    currency: 'USD',
    api: stripeApi.api,
  });
  restaurant = await createTestRestaurant(t.db);
  customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  otherCustomer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: restaurant.id });
  admin = await createTestPerson(t.db, { role: 'ADMIN' });
});
afterAll(async () => {
  await stripeApi?.stop();
  await t?.drop();
});
beforeEach(() => stripeApi.clear());

async function placeCardOrder(payments: PaymentProvider = stripe) {
  const placed = await callerFor(customer, payments).order.place({
    items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 1 }],
    deliveryAddress: '3 Stripe Street',
    idempotencyKey: randomUUID(),
    paymentMethod: 'card',
  });
  stripeApi.clear();
  return { orderId: placed.orderId, paymentId: placed.payment!.id };
}

async function providerRefOf(paymentId: string) {
  return (await t.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).providerRef;
}

/** What Stripe would send once the card went through, signed in Stripe's scheme. */
async function stripeSucceeded(paymentId: string) {
  const payment = await t.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  const body = JSON.stringify({
    id: `evt_${randomUUID()}`,
    object: 'event',
    type: 'payment_intent.succeeded',
    data: {
      object: { id: payment.providerRef, object: 'payment_intent', amount: payment.amountCents },
    },
  });
  return handlePaymentWebhook(
    t.db,
    'stripe',
    stripe.parseWebhook(body, signWebhook(body, WEBHOOK_SECRET)),
  );
}

describe('payment.stripeClientSecret', () => {
  it("gives the payment's customer the intent's client secret, read from Stripe", async () => {
    const { paymentId } = await placeCardOrder();
    const { clientSecret } = await callerFor(customer).payment.stripeClientSecret({ paymentId });
    const ref = await providerRefOf(paymentId);
    expect(clientSecret).toMatch(new RegExp(`^${ref}_secret_[0-9a-f]+$`));
    expect(stripeApi.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/payment_intents/${ref}`,
    ]);
    // Asked again (a reload), the same intent's same secret: no second intent.
    expect(await callerFor(customer).payment.stripeClientSecret({ paymentId })).toEqual({
      clientSecret,
    });
    expect(await t.db.payment.count({ where: { kind: 'charge', providerRef: ref } })).toBe(1);
  });

  it('anyone else, even staff of the restaurant or an admin, gets NOT_FOUND and Stripe is not asked', async () => {
    const { paymentId } = await placeCardOrder();
    for (const someone of [otherCustomer, staff, admin]) {
      await expect(
        callerFor(someone).payment.stripeClientSecret({ paymentId }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'We could not find that payment.' });
    }
    await expect(
      callerFor(customer).payment.stripeClientSecret({ paymentId: randomUUID() }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      callerFor(customer).payment.stripeClientSecret({ paymentId: 'not-a-uuid' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(stripeApi.requests).toEqual([]);
  });

  it('without a session it is UNAUTHORIZED', async () => {
    const { paymentId } = await placeCardOrder();
    await expect(
      createCaller({
        db: t.db,
        user: null,
        correlationId: randomUUID(),
        tracking: null,
        payments: stripe,
      }).payment.stripeClientSecret({ paymentId }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('a paid payment is refused with CONFLICT: its secret is no longer handed out', async () => {
    const { paymentId } = await placeCardOrder();
    expect(await stripeSucceeded(paymentId)).toBe('paid');
    stripeApi.clear();
    await expect(
      callerFor(customer).payment.stripeClientSecret({ paymentId }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: 'This order is already paid.' });
    expect(stripeApi.requests).toEqual([]);
  });

  it('an order cancelled by the payment timeout can no longer be paid', async () => {
    const { orderId, paymentId } = await placeCardOrder();
    await t.db.$transaction((tx) => expireUnpaidOrder(tx, orderId));
    await expect(
      callerFor(customer).payment.stripeClientSecret({ paymentId }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'This order was cancelled, so it can no longer be paid.',
    });
  });

  it('a sandbox payment has no client secret: BAD_REQUEST', async () => {
    const sandbox = createSandboxProvider({
      db: t.db,
      webhookSecret: 'sandbox-secret-0123456789',
      currency: 'USD',
    });
    const { paymentId } = await placeCardOrder(sandbox);
    await expect(
      callerFor(customer, sandbox).payment.stripeClientSecret({ paymentId }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a checkout that stopped before Stripe answered gets its intent now, with the same idempotency key', async () => {
    const { paymentId } = await placeCardOrder();
    const ref = await providerRefOf(paymentId);
    await t.db.payment.update({ where: { id: paymentId }, data: { providerRef: null } });
    const { clientSecret } = await callerFor(customer).payment.stripeClientSecret({ paymentId });
    expect(stripeApi.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      idempotencyKey: `payment-${paymentId}`,
    });
    // Stripe's idempotency gives back the intent the checkout created.
    expect(await providerRefOf(paymentId)).toBe(ref);
    expect(clientSecret.startsWith(`${ref}_secret_`)).toBe(true);
  });
});
