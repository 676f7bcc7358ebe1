// The `notifications` consumer against real PostgreSQL and Redis: every order, delivery and
// payment event that concerns someone becomes one notification for each person concerned, even when the event
// is delivered twice, and each is pushed once to its recipient's live stream.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { PaymentProvider } from '@tiffin/domain';
import type { Envelope, RedisClient } from '@tiffin/events';
import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import {
  claimDelivery,
  createDeliveryForOrder,
  createSandboxProvider,
  deliverDelivery,
  ensureCardPayment,
  envelopeFromOutboxRow,
  handlePaymentWebhook,
  payWithTestCard,
  performRefund,
  pickUpDelivery,
  placeOrder,
  signWebhook,
  takeOrderStep,
  transitionOrder,
} from '@tiffin/domain';
import { userNotificationStream } from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import {
  connectTestRedis,
  createTestDatabase,
  createTestPerson,
  createTestRestaurant,
} from '@tiffin/stack/testing';

import { notificationsHandler } from './notifications';

const log = createLogger('error');
const WEBHOOK_SECRET = 'notifications-test-webhook-secret';
let t: TestDatabase;
let provider: PaymentProvider;
let redis: RedisClient;
let handle: (envelope: Envelope) => Promise<void>;
let restaurant: TestRestaurant;
let customer: TestPerson;
let staff: TestPerson;
let otherStaff: TestPerson;
let courier: TestPerson;
let offlineCourier: TestPerson;
let admin: TestPerson;

const asPerson = (p: TestPerson) =>
  ({ kind: 'person', userId: p.id, role: p.role, restaurantId: p.restaurantId }) as const;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  handle = notificationsHandler(t.db, redis, log);
  provider = createSandboxProvider({ db: t.db, webhookSecret: WEBHOOK_SECRET, currency: 'USD' });
  restaurant = await createTestRestaurant(t.db);
  customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: restaurant.id });
  otherStaff = await createTestPerson(t.db, {
    role: 'RESTAURANT_STAFF',
    restaurantId: restaurant.id,
  });
  courier = await createTestPerson(t.db, { role: 'COURIER', online: true, name: 'Noor Haddad' });
  offlineCourier = await createTestPerson(t.db, { role: 'COURIER', online: false });
  admin = await createTestPerson(t.db, { role: 'ADMIN' });
});
afterAll(async () => {
  redis?.disconnect();
  await t?.drop();
});

async function newOrder(): Promise<string> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 2 }],
      deliveryAddress: '9 Bell Street',
      idempotencyKey: randomUUID(),
    },
    { userId: customer.id, actor: `user:${customer.id}` },
  );
  return order.orderId;
}

/** A card order with its sandbox payment started: the customer is on the pay page. */
async function newCardOrder(): Promise<{ orderId: string; paymentId: string }> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 2 }],
      deliveryAddress: '9 Bell Street',
      idempotencyKey: randomUUID(),
      paymentMethod: 'card',
    },
    {
      userId: customer.id,
      actor: `user:${customer.id}`,
      payments: { provider: 'sandbox', currency: 'USD' },
    },
  );
  const payment = await ensureCardPayment(t.db, provider, order.orderId);
  return { orderId: order.orderId, paymentId: payment.id };
}

/** Pays with a test card and applies the sandbox's signed webhook, as the endpoint would. */
async function payWith(paymentId: string, cardNumber: string): Promise<void> {
  const { eventId } = await payWithTestCard(
    t.db,
    { paymentId, cardNumber, confirmAction: false },
    { userId: customer.id },
  );
  const row = await t.db.outboxEvent.findFirstOrThrow({
    where: { type: 'payment.sandbox_webhook.v1', payload: { path: ['eventId'], equals: eventId } },
  });
  const { body } = row.payload as { body: string };
  await handlePaymentWebhook(
    t.db,
    'sandbox',
    provider.parseWebhook(body, signWebhook(body, WEBHOOK_SECRET)),
  );
}

const delivered = new Set<string>();

/** Hands the consumer every event of the order it has not seen yet, each one twice. */
async function deliverTwice(orderId: string): Promise<Envelope[]> {
  const rows = await t.db.outboxEvent.findMany({
    where: { payload: { path: ['orderId'], equals: orderId } },
    orderBy: { seq: 'asc' },
  });
  const fresh = rows.map(envelopeFromOutboxRow).filter((e) => !delivered.has(e.eventId));
  for (const envelope of fresh) {
    delivered.add(envelope.eventId);
    await handle(envelope);
    await handle(envelope);
  }
  return fresh;
}

async function notificationsOf(person: TestPerson, orderId: string) {
  return t.db.notification.findMany({
    where: { userId: person.id, orderId },
    orderBy: { createdAt: 'asc' },
  });
}

const kinds = (rows: { kind: string }[]) => rows.map((r) => r.kind);

describe('notifications consumer', () => {
  it('a delivered order: the kitchen hears of it, the customer of each step, online couriers of the offer; each once', async () => {
    const orderId = await newOrder();
    await deliverTwice(orderId);
    for (const person of [staff, otherStaff]) {
      const rows = await notificationsOf(person, orderId);
      expect(kinds(rows)).toEqual(['kitchen_new_order']);
      expect(rows[0]!.title).toBe(`New order #${orderId.slice(0, 8)}`);
      expect(rows[0]!.body).toContain('2 items, $16.00');
      expect(rows[0]!.link).toBe('/kitchen');
    }
    expect(await notificationsOf(customer, orderId)).toEqual([]);

    await t.db.$transaction((tx) => takeOrderStep(tx, asPerson(staff), 'accept', orderId));
    await t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId));
    await deliverTwice(orderId);
    const offers = await notificationsOf(courier, orderId);
    expect(kinds(offers)).toEqual(['courier_new_offer']);
    expect(offers[0]!.body).toContain(restaurant.name);
    expect(await notificationsOf(offlineCourier, orderId)).toEqual([]);

    await t.db.$transaction(async (tx) => {
      await takeOrderStep(tx, asPerson(staff), 'startPreparing', orderId);
      await takeOrderStep(tx, asPerson(staff), 'markReady', orderId);
    });
    await t.db.$transaction((tx) => claimDelivery(tx, asPerson(courier), orderId));
    await t.db.$transaction((tx) => pickUpDelivery(tx, asPerson(courier), orderId));
    await t.db.$transaction((tx) => deliverDelivery(tx, asPerson(courier), orderId));
    await t.db.$transaction((tx) =>
      transitionOrder(tx, orderId, 'out_for_delivery', 'delivered', `user:${courier.id}`),
    );
    await deliverTwice(orderId);

    const told = await notificationsOf(customer, orderId);
    expect(kinds(told)).toEqual(['order_confirmed', 'order_out_for_delivery', 'order_delivered']);
    expect(told.every((n) => n.link === `/orders/${orderId}` && n.readAt === null)).toBe(true);
    expect(told[0]!.title).toBe(`${restaurant.name} accepted your order`);
    expect(told[1]!.body).toBe(
      `Noor picked up order #${orderId.slice(0, 8)} from ${restaurant.name}.`,
    );
    // Nobody is told about their own steps: the courier claimed, picked up and delivered it.
    expect(kinds(await notificationsOf(courier, orderId))).toEqual(['courier_new_offer']);
    expect(kinds(await notificationsOf(staff, orderId))).toEqual(['kitchen_new_order']);

    // Each notification went to its recipient's live stream once.
    const stream = await redis.xrange(userNotificationStream(customer.id), '-', '+');
    const pushedIds = stream.map(([, fields]) => (JSON.parse(fields[1]!) as { id: string }).id);
    for (const row of told) expect(pushedIds.filter((id) => id === row.id)).toHaveLength(1);
  });

  it('a rejection tells the customer why; the inbox holds one entry per event', async () => {
    const orderId = await newOrder();
    await t.db.$transaction((tx) =>
      takeOrderStep(tx, asPerson(staff), 'reject', orderId, { reason: 'out of saffron' }),
    );
    const events = await deliverTwice(orderId);
    const told = await notificationsOf(customer, orderId);
    expect(kinds(told)).toEqual(['order_rejected']);
    expect(told[0]!.body).toBe(`Order #${orderId.slice(0, 8)} was rejected: out of saffron.`);
    // The kitchen rejected it itself: no "cancelled" for the staff.
    expect(kinds(await notificationsOf(otherStaff, orderId))).toEqual(['kitchen_new_order']);
    const inbox = await t.db.inboxEntry.count({
      where: { group: 'notifications', eventId: { in: events.map((e) => e.eventId) } },
    });
    expect(inbox).toBe(events.length);
  });

  it("the customer's own cancellation tells the kitchen, not the customer", async () => {
    const orderId = await newOrder();
    await t.db.$transaction((tx) => takeOrderStep(tx, asPerson(customer), 'cancel', orderId));
    await deliverTwice(orderId);
    expect(await notificationsOf(customer, orderId)).toEqual([]);
    for (const person of [staff, otherStaff]) {
      expect(kinds(await notificationsOf(person, orderId))).toEqual([
        'kitchen_new_order',
        'kitchen_order_cancelled',
      ]);
    }
  });

  it("an admin's cancellation of an accepted order tells the customer and the assigned courier", async () => {
    const orderId = await newOrder();
    await t.db.$transaction((tx) => takeOrderStep(tx, asPerson(staff), 'accept', orderId));
    await t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId));
    await t.db.$transaction((tx) => claimDelivery(tx, asPerson(courier), orderId));
    await t.db.$transaction((tx) =>
      takeOrderStep(tx, asPerson(admin), 'cancel', orderId, { reason: 'kitchen fire' }),
    );
    await deliverTwice(orderId);
    const told = await notificationsOf(customer, orderId);
    expect(kinds(told)).toEqual(['order_confirmed', 'order_cancelled']);
    expect(told[1]!.body).toBe(
      `Order #${orderId.slice(0, 8)} from ${restaurant.name} was cancelled: kitchen fire.`,
    );
    expect(kinds(await notificationsOf(courier, orderId))).toEqual([
      'courier_new_offer',
      'courier_assignment_cancelled',
    ]);
  });

  it("a declined card tells the customer, with the bank's words and a link back to the pay page; once", async () => {
    const { orderId, paymentId } = await newCardOrder();
    await payWith(paymentId, '4000 0000 0000 0002');
    const events = await deliverTwice(orderId);
    expect(events.filter((e) => e.type === 'payment.failed.v1')).toHaveLength(1);

    const told = await notificationsOf(customer, orderId);
    expect(kinds(told)).toEqual(['payment_failed']);
    expect(told[0]!.title).toBe('Your payment did not go through');
    expect(told[0]!.body).toBe(
      `Your card was declined. Order #${orderId.slice(0, 8)} from ${restaurant.name} is waiting: try again or use another card.`,
    );
    expect(told[0]!.link).toBe(`/pay/${paymentId}`);
    // The order never reached the kitchen, so nobody else hears of it.
    for (const person of [staff, otherStaff, courier, admin]) {
      expect(await notificationsOf(person, orderId)).toEqual([]);
    }
    const stream = await redis.xrange(userNotificationStream(customer.id), '-', '+');
    const pushed = stream.filter(
      ([, f]) => (JSON.parse(f[1]!) as { id: string }).id === told[0]!.id,
    );
    expect(pushed).toHaveLength(1);

    // A second declined attempt is a new failure, and a new notification.
    await payWith(paymentId, '4000 0000 0000 0002');
    await deliverTwice(orderId);
    expect(kinds(await notificationsOf(customer, orderId))).toEqual([
      'payment_failed',
      'payment_failed',
    ]);
  });

  it('a paid order the kitchen rejects: the customer hears of the rejection, then of the refund once the provider made it; once each', async () => {
    const { orderId, paymentId } = await newCardOrder();
    await payWith(paymentId, '4242 4242 4242 4242');
    await t.db.$transaction((tx) =>
      takeOrderStep(tx, asPerson(staff), 'reject', orderId, { reason: 'closing early' }),
    );
    await deliverTwice(orderId);
    // Requested is not refunded: nothing is said until the provider has done it.
    expect(kinds(await notificationsOf(customer, orderId))).toEqual(['order_rejected']);

    const refund = await t.db.payment.findFirstOrThrow({ where: { orderId, kind: 'refund' } });
    expect(await performRefund(t.db, provider, refund.id)).toBe('refunded');
    // A retried refund call changes nothing and announces nothing again.
    expect(await performRefund(t.db, provider, refund.id)).toBe('already_refunded');
    const events = await deliverTwice(orderId);
    expect(events.filter((e) => e.type === 'payment.refunded.v1')).toHaveLength(1);

    const told = await notificationsOf(customer, orderId);
    expect(kinds(told)).toEqual(['order_rejected', 'order_refunded']);
    const total = (await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).totalCents;
    expect(told[1]!.title).toBe(`$${(total / 100).toFixed(2)} refunded`);
    expect(told[1]!.body).toBe(
      `We refunded order #${orderId.slice(0, 8)} from ${restaurant.name} to your card. Your bank may take a few days to show it.`,
    );
    expect(told[1]!.link).toBe(`/orders/${orderId}`);
    expect(kinds(await notificationsOf(staff, orderId))).toEqual(['kitchen_new_order']);
  });

  it('events that concern nobody write nothing and leave no inbox row', async () => {
    const envelope = {
      eventId: randomUUID(),
      type: 'menu.stock_changed.v1',
      correlationId: randomUUID(),
      source: 'test',
      occurredAt: new Date().toISOString(),
      payload: { restaurantId: restaurant.id, items: [], reason: 'refill' },
    } as unknown as Envelope;
    await handle(envelope);
    expect(await t.db.notification.count({ where: { eventId: envelope.eventId } })).toBe(0);
    expect(await t.db.inboxEntry.count({ where: { eventId: envelope.eventId } })).toBe(0);
  });
});
