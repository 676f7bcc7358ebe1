// Card payments end to end through the API and the webhook handler, on a real database: the
// sandbox provider, its signed webhooks (twice, out of order, forged, stale), the payment
// timeout racing a late success, a refund on every way a paid order is cancelled, and the
// ledger balanced against the orders.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { PaymentProvider, WebhookOutcome } from '@tiffin/domain';
import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import {
  createSandboxProvider,
  expireUnpaidOrder,
  handlePaymentWebhook,
  kitchenOrders,
  performRefund,
  person,
  signWebhook,
  SYSTEM,
  takeOrderStep,
  WebhookVerificationError,
} from '@tiffin/domain';
import { createTestDatabase, createTestPerson, createTestRestaurant } from '@tiffin/stack/testing';

import type { SessionUser } from '../trpc';
import { appRouter } from '../root';
import { createCallerFactory } from '../trpc';

const SECRET = 'integration-test-webhook-secret';

let t: TestDatabase;
let provider: PaymentProvider;
let restaurant: TestRestaurant;
let customer: TestPerson;
let otherCustomer: TestPerson;
let staff: TestPerson;
let admin: TestPerson;

const createCaller = createCallerFactory(appRouter);
const callerFor = (user: SessionUser) =>
  createCaller({ db: t.db, user, correlationId: randomUUID(), tracking: null, payments: provider });

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), { poolSize: 20 });
  provider = createSandboxProvider({ db: t.db, webhookSecret: SECRET, currency: 'USD' });
  restaurant = await createTestRestaurant(t.db, {
    dishes: [
      { name: 'Dal', priceCents: 800, stock: 500 },
      { name: 'Naan', priceCents: 300, stock: 500 },
    ],
  });
  await t.db.restaurant.update({
    where: { id: restaurant.id },
    data: { deliveryFeeCents: 199, serviceFeeBps: 500, taxRateBps: 875 },
  });
  customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  otherCustomer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: restaurant.id });
  admin = await createTestPerson(t.db, { role: 'ADMIN' });
});
afterAll(async () => {
  await t.drop();
});

const dal = () => restaurant.dishes[0]!;

async function placeCardOrder(idempotencyKey = randomUUID(), quantity = 1) {
  return callerFor(customer).order.place({
    items: [{ menuItemId: dal().id, quantity }],
    deliveryAddress: '1 Payment Plaza',
    idempotencyKey,
    paymentMethod: 'card',
  });
}

/** The sandbox webhooks queued for an order, oldest first, as the worker would deliver them. */
async function queuedWebhooks(orderId: string) {
  const rows = await t.db.outboxEvent.findMany({
    where: { type: 'payment.sandbox_webhook.v1' },
    orderBy: { seq: 'asc' },
  });
  return rows
    .map((row) => row.payload as { orderId: string; eventId: string; body: string })
    .filter((p) => p.orderId === orderId);
}

/** Delivers a webhook body the way the endpoint receives it: signed, verified, applied. */
async function deliver(body: string, signature = signWebhook(body, SECRET)) {
  return handlePaymentWebhook(t.db, 'sandbox', provider.parseWebhook(body, signature));
}

async function pay(paymentId: string, cardNumber: string, confirmAction = false) {
  return callerFor(customer).payment.payWithTestCard({ paymentId, cardNumber, confirmAction });
}

/** Places a card order and pays it with 4242, webhook delivered: a paid order at the kitchen. */
async function paidOrder() {
  const placed = await placeCardOrder();
  await pay(placed.payment!.id, '4242 4242 4242 4242');
  const [webhook] = await queuedWebhooks(placed.orderId);
  expect(await deliver(webhook!.body)).toBe('paid');
  return placed;
}

async function ledger(orderId: string) {
  return t.db.payment.findMany({
    where: { orderId },
    select: { kind: true, status: true, amountCents: true, providerRef: true },
    orderBy: { createdAt: 'asc' },
  });
}

async function stockOfDal() {
  return (await t.db.menuItem.findUniqueOrThrow({ where: { id: dal().id } })).stock;
}

async function eventsOf(orderId: string, type: string) {
  const rows = await t.db.outboxEvent.findMany({ where: { type } });
  return rows.filter((row) => (row.payload as { orderId?: string }).orderId === orderId);
}

describe('a card order', () => {
  it('waits unpaid with its stock reserved, unseen by the kitchen; a retried checkout gets the same payment', async () => {
    const stock = await stockOfDal();
    const key = randomUUID();
    const placed = await placeCardOrder(key);
    expect(placed.status).toBe('awaiting_payment');
    expect(placed.payment).toMatchObject({
      redirectUrl: `/pay/${placed.payment!.id}`,
      status: 'pending',
      amountCents: placed.totalCents,
    });
    expect(await stockOfDal()).toBe(stock - 1);
    expect(await eventsOf(placed.orderId, 'order.created.v1')).toHaveLength(0);
    expect(await eventsOf(placed.orderId, 'payment.started.v1')).toHaveLength(1);
    const board = await kitchenOrders(t.db, restaurant.id);
    expect(board.map((o) => o.id)).not.toContain(placed.orderId);

    const again = await placeCardOrder(key);
    expect(again).toEqual(placed);
    expect(await ledger(placed.orderId)).toEqual([
      {
        kind: 'charge',
        status: 'pending',
        amountCents: placed.totalCents,
        providerRef: `pi_sbx_${placed.payment!.id.replaceAll('-', '')}`,
      },
    ]);
  });

  it('paid with 4242, the webhook sends it to the kitchen: once, with order.created', async () => {
    const placed = await paidOrder();
    const order = await t.db.order.findUniqueOrThrow({
      where: { id: placed.orderId },
      include: { statusChanges: { orderBy: { at: 'asc' } } },
    });
    expect(order.status).toBe('created');
    expect(order.statusChanges.map((c) => [c.from, c.to])).toEqual([
      [null, 'awaiting_payment'],
      ['awaiting_payment', 'created'],
    ]);
    expect(await eventsOf(placed.orderId, 'order.created.v1')).toHaveLength(1);
    expect(await ledger(placed.orderId)).toMatchObject([{ kind: 'charge', status: 'succeeded' }]);
  });

  it('a declined card leaves it awaiting payment; another card then pays it', async () => {
    const placed = await placeCardOrder();
    expect(await pay(placed.payment!.id, '4000 0000 0000 0002')).toMatchObject({
      outcome: 'declined',
    });
    const [declined] = await queuedWebhooks(placed.orderId);
    expect(await deliver(declined!.body)).toBe('declined');
    expect(await t.db.order.findUniqueOrThrow({ where: { id: placed.orderId } })).toMatchObject({
      status: 'awaiting_payment',
    });
    expect(await ledger(placed.orderId)).toMatchObject([{ status: 'failed' }]);

    expect(await pay(placed.payment!.id, '4242424242424242')).toMatchObject({
      outcome: 'succeeded',
    });
    const [, paid] = await queuedWebhooks(placed.orderId);
    expect(await deliver(paid!.body)).toBe('paid');
  });

  it('"requires action" asks once more; confirmed, it pays', async () => {
    const placed = await placeCardOrder();
    const first = await pay(placed.payment!.id, '4000 0000 0000 3220');
    expect(first.outcome).toBe('requires_action');
    expect(
      await t.db.sandboxIntent.findUniqueOrThrow({ where: { paymentId: placed.payment!.id } }),
    ).toMatchObject({ capturedAt: null });
    const confirmed = await pay(placed.payment!.id, '4000 0000 0000 3220', true);
    expect(confirmed.outcome).toBe('succeeded');
    const [action, paid] = await queuedWebhooks(placed.orderId);
    expect(await deliver(action!.body)).toBe('requires_action');
    expect(await deliver(paid!.body)).toBe('paid');
  });

  it('two tabs paying at once: one capture, one webhook; the other tab is told it is paid', async () => {
    const placed = await placeCardOrder();
    const results = await Promise.allSettled([
      pay(placed.payment!.id, '4242 4242 4242 4242'),
      pay(placed.payment!.id, '4242 4242 4242 4242'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.flatMap((r) =>
      r.status === 'rejected' ? [r.reason as unknown] : [],
    );
    expect(String(refused)).toMatch(/already paid/);
    expect(await queuedWebhooks(placed.orderId)).toHaveLength(1);
  });

  it('nobody else can see or pay it, and a card that is not a test card is refused', async () => {
    const placed = await placeCardOrder();
    await expect(
      callerFor(otherCustomer).payment.byId({ paymentId: placed.payment!.id }),
    ).rejects.toThrow(/could not find that payment/);
    await expect(pay(placed.payment!.id, '5555 5555 5555 4444')).rejects.toThrow(/test cards/);
    expect(await queuedWebhooks(placed.orderId)).toHaveLength(0);
  });
});

describe('webhooks', () => {
  it('delivered twice and out of order (success, success, then the earlier decline): one capture, one order.created, success stands', async () => {
    const placed = await placeCardOrder();
    await pay(placed.payment!.id, '4000 0000 0000 0002');
    await pay(placed.payment!.id, '4242 4242 4242 4242');
    const [decline, success] = await queuedWebhooks(placed.orderId);

    const outcomes: WebhookOutcome[] = [];
    // The success twice at once (two deliveries racing), again later, then the stale decline.
    outcomes.push(...(await Promise.all([deliver(success!.body), deliver(success!.body)])));
    outcomes.push(await deliver(success!.body));
    outcomes.push(await deliver(decline!.body));
    outcomes.push(await deliver(decline!.body));

    expect(outcomes.slice(0, 2).sort()).toEqual(['duplicate', 'paid']);
    expect(outcomes.slice(2)).toEqual(['duplicate', 'unchanged', 'duplicate']);
    expect(await ledger(placed.orderId)).toMatchObject([{ kind: 'charge', status: 'succeeded' }]);
    expect(await eventsOf(placed.orderId, 'order.created.v1')).toHaveLength(1);
    const changes = await t.db.orderStatusChange.count({
      where: { orderId: placed.orderId, from: 'awaiting_payment' },
    });
    expect(changes).toBe(1);
    expect(
      await t.db.webhookEvent.count({
        where: { eventId: { in: [decline!.eventId, success!.eventId] } },
      }),
    ).toBe(2);
  });

  it('a bad signature, a stale timestamp, a malformed body or an unknown payment is refused and writes nothing', async () => {
    const placed = await placeCardOrder();
    await pay(placed.payment!.id, '4242 4242 4242 4242');
    const [webhook] = await queuedWebhooks(placed.orderId);
    const before = await t.db.webhookEvent.count();

    expect(() =>
      provider.parseWebhook(webhook!.body, signWebhook(webhook!.body, 'wrong-secret-0123456')),
    ).toThrow(WebhookVerificationError);
    expect(() => provider.parseWebhook(webhook!.body, null)).toThrow(WebhookVerificationError);
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    expect(() =>
      provider.parseWebhook(webhook!.body, signWebhook(webhook!.body, SECRET, tenMinutesAgo)),
    ).toThrow(/tolerance/);
    const tampered = webhook!.body.replace(/"amount":\d+/, '"amount":1');
    expect(() => provider.parseWebhook(tampered, signWebhook(webhook!.body, SECRET))).toThrow(
      WebhookVerificationError,
    );
    expect(() => provider.parseWebhook('not json', signWebhook('not json', SECRET))).toThrow(
      WebhookVerificationError,
    );
    const unknown = webhook!.body
      .replace(/pi_sbx_[0-9a-f]+/, 'pi_sbx_unknown')
      .replace(/evt_sbx_[0-9a-f]+/, 'evt_sbx_unknown');
    await expect(deliver(unknown)).rejects.toThrow(/Unknown payment/);

    expect(await t.db.webhookEvent.count()).toBe(before);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: placed.orderId } })).toMatchObject({
      status: 'awaiting_payment',
    });
  });
});

describe('the payment timeout', () => {
  it('an unpaid order is cancelled with a reason, and its stock comes back', async () => {
    const stock = await stockOfDal();
    const placed = await placeCardOrder(randomUUID(), 3);
    expect(await stockOfDal()).toBe(stock - 3);
    await t.db.$transaction((tx) => expireUnpaidOrder(tx, placed.orderId));
    const order = await t.db.order.findUniqueOrThrow({
      where: { id: placed.orderId },
      include: { statusChanges: { where: { to: 'cancelled' } } },
    });
    expect(order.status).toBe('cancelled');
    expect(order.statusChanges[0]).toMatchObject({
      actor: 'system',
      reason: 'the payment was not completed in time',
    });
    expect(await stockOfDal()).toBe(stock);
    expect(await ledger(placed.orderId)).toMatchObject([{ kind: 'charge', status: 'pending' }]);
  });

  it('a success arriving after the timeout is refunded and never revives the order', async () => {
    const placed = await placeCardOrder();
    await pay(placed.payment!.id, '4242 4242 4242 4242');
    await t.db.$transaction((tx) => expireUnpaidOrder(tx, placed.orderId));
    const [webhook] = await queuedWebhooks(placed.orderId);
    expect(await deliver(webhook!.body)).toBe('paid_late_refunded');

    expect(await t.db.order.findUniqueOrThrow({ where: { id: placed.orderId } })).toMatchObject({
      status: 'cancelled',
    });
    const [refund] = await eventsOf(placed.orderId, 'payment.refund_requested.v1');
    const { refundId } = refund!.payload as { refundId: string };
    expect(await performRefund(t.db, provider, refundId)).toBe('refunded');
    expect(await performRefund(t.db, provider, refundId)).toBe('already_refunded');
    expect(await ledger(placed.orderId)).toMatchObject([
      { kind: 'charge', status: 'succeeded', amountCents: placed.totalCents },
      {
        kind: 'refund',
        status: 'succeeded',
        amountCents: placed.totalCents,
        providerRef: expect.stringMatching(/^re_sbx_/),
      },
    ]);
  });

  it('the timeout racing the success, 20 times: each order ends paid or cancelled-and-refunded, never both', async () => {
    for (let i = 0; i < 20; i += 1) {
      const placed = await placeCardOrder();
      await pay(placed.payment!.id, '4242 4242 4242 4242');
      const [webhook] = await queuedWebhooks(placed.orderId);
      const [outcome, expired] = await Promise.all([
        deliver(webhook!.body),
        t.db.$transaction((tx) => expireUnpaidOrder(tx, placed.orderId)),
      ]);
      const order = await t.db.order.findUniqueOrThrow({ where: { id: placed.orderId } });
      const rows = await ledger(placed.orderId);
      if (order.status === 'created') {
        expect(outcome).toBe('paid');
        expect(expired).toBeNull();
        expect(rows).toHaveLength(1);
      } else {
        expect(order.status).toBe('cancelled');
        expect(outcome).toBe('paid_late_refunded');
        expect(expired).not.toBeNull();
        expect(rows.map((r) => r.kind)).toEqual(['charge', 'refund']);
      }
    }
  });
});

describe('refunds', () => {
  const paths: [string, (orderId: string) => Promise<unknown>][] = [
    [
      'the kitchen rejects it',
      (orderId) => callerFor(staff).kitchen.reject({ orderId, reason: 'Out of lentils tonight' }),
    ],
    [
      'the acceptance timeout cancels it',
      (orderId) =>
        t.db.$transaction((tx) => takeOrderStep(tx, SYSTEM, 'expireAcceptance', orderId)),
    ],
    ['the customer cancels it', (orderId) => callerFor(customer).order.cancel({ orderId })],
    [
      'an admin cancels it after the kitchen accepted',
      async (orderId) => {
        await t.db.$transaction((tx) => takeOrderStep(tx, person(staff), 'accept', orderId));
        return callerFor(admin).order.cancel({ orderId });
      },
    ],
  ];
  for (const [name, cancel] of paths) {
    it(`a paid order is refunded in full when ${name}`, async () => {
      const placed = await paidOrder();
      await cancel(placed.orderId);
      expect(await t.db.order.findUniqueOrThrow({ where: { id: placed.orderId } })).toMatchObject({
        status: 'cancelled',
      });
      const requested = await eventsOf(placed.orderId, 'payment.refund_requested.v1');
      expect(requested).toHaveLength(1);
      const { refundId } = requested[0]!.payload as { refundId: string };
      await performRefund(t.db, provider, refundId);
      expect(await ledger(placed.orderId)).toMatchObject([
        { kind: 'charge', status: 'succeeded', amountCents: placed.totalCents },
        { kind: 'refund', status: 'succeeded', amountCents: placed.totalCents },
      ]);
      const view = await callerFor(customer).order.byId({ orderId: placed.orderId });
      expect(view.payments.map((p) => [p.kind, p.status])).toEqual([
        ['charge', 'succeeded'],
        ['refund', 'succeeded'],
      ]);
    });
  }

  it('a refund the provider refuses is recorded, shown to admins, and settled by the retry', async () => {
    const placed = await paidOrder();
    await callerFor(customer).order.cancel({ orderId: placed.orderId });
    const [requested] = await eventsOf(placed.orderId, 'payment.refund_requested.v1');
    const { refundId } = requested!.payload as { refundId: string };
    const unavailable: PaymentProvider = {
      ...provider,
      refund: () => Promise.reject(new Error('provider unavailable')),
    };
    await expect(performRefund(t.db, unavailable, refundId)).rejects.toThrow(
      'provider unavailable',
    );
    expect(await t.db.payment.findUniqueOrThrow({ where: { id: refundId } })).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'provider unavailable',
    });
    const open = await callerFor(admin).admin.openRefunds();
    expect(open.find((r) => r.id === refundId)).toMatchObject({
      orderId: placed.orderId,
      attempts: 1,
      lastError: 'provider unavailable',
    });

    expect(await performRefund(t.db, provider, refundId)).toBe('refunded');
    expect(await t.db.payment.findUniqueOrThrow({ where: { id: refundId } })).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      lastError: null,
    });
    expect((await callerFor(admin).admin.openRefunds()).map((r) => r.id)).not.toContain(refundId);
  });

  it('a cancelled cash order or unpaid card order owes no refund', async () => {
    const cash = await callerFor(customer).order.place({
      items: [{ menuItemId: dal().id, quantity: 1 }],
      deliveryAddress: '1 Payment Plaza',
      idempotencyKey: randomUUID(),
    });
    await callerFor(customer).order.cancel({ orderId: cash.orderId });
    expect(await ledger(cash.orderId)).toEqual([]);
    expect(await eventsOf(cash.orderId, 'payment.refund_requested.v1')).toHaveLength(0);
  });
});

describe('the ledger', () => {
  it('balances against the orders: captured minus refunded is what live card orders cost', async () => {
    // Settle every refund still owed, as the worker would.
    const owed = await t.db.payment.findMany({ where: { kind: 'refund', status: 'pending' } });
    for (const refund of owed) await performRefund(t.db, provider, refund.id);

    const [charged, refunded, live] = await Promise.all([
      t.db.payment.aggregate({
        where: { kind: 'charge', status: 'succeeded' },
        _sum: { amountCents: true },
      }),
      t.db.payment.aggregate({
        where: { kind: 'refund', status: 'succeeded' },
        _sum: { amountCents: true },
      }),
      t.db.order.aggregate({
        where: { paymentMethod: 'card', status: { notIn: ['cancelled', 'awaiting_payment'] } },
        _sum: { totalCents: true },
      }),
    ]);
    expect(charged._sum.amountCents ?? 0).toBeGreaterThan(0);
    expect((charged._sum.amountCents ?? 0) - (refunded._sum.amountCents ?? 0)).toBe(
      live._sum.totalCents ?? 0,
    );
    // Every charge is its order's total, and no order was charged twice.
    const charges = await t.db.payment.findMany({
      where: { kind: 'charge' },
      include: { order: { select: { totalCents: true } } },
    });
    for (const charge of charges) expect(charge.amountCents).toBe(charge.order.totalCents);
    expect(new Set(charges.map((c) => c.orderId)).size).toBe(charges.length);
  });
});
