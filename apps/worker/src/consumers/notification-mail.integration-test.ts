// Notification email over real SMTP: the notifications consumer mails the customer through
// nodemailer to the local catcher (a real smtp-server), with a text and an HTML part and a working
// unsubscribe link; a redelivered event sends nothing more; an unsubscribed kind is not mailed; and
// a send that keeps failing is retried by the consumer group with backoff, then dead-lettered.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { Envelope, RedisClient } from '@tiffin/events';
import type { MailCatcher } from '@tiffin/stack';
import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import {
  createSandboxProvider,
  ensureCardPayment,
  envelopeFromOutboxRow,
  handlePaymentWebhook,
  payWithTestCard,
  placeOrder,
  readUnsubscribeToken,
  signWebhook,
  takeOrderStep,
  unsubscribeFromEmail,
} from '@tiffin/domain';
import { ConsumerGroup, listDeadLetters, publish } from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import { freePort, readCaughtMail, startMailCatcher } from '@tiffin/stack';
import {
  connectTestRedis,
  createTestDatabase,
  createTestPerson,
  createTestRestaurant,
  uniqueNames,
  waitFor,
} from '@tiffin/stack/testing';

import type { NotificationMail } from './notifications';
import { smtpMailer } from '../mailer';
import { notificationsHandler } from './notifications';

const SECRET = 'mail-test-secret-0123456789abcdef';
const SITE = 'https://tiffin.example';
const log = createLogger('error');
let t: TestDatabase;
let redis: RedisClient;
let catcher: MailCatcher;
let mail: NonNullable<NotificationMail>;
let restaurant: TestRestaurant;
let staff: TestPerson;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  catcher = await startMailCatcher({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-mail-')),
  });
  mail = {
    mailer: smtpMailer(catcher.url, 'Tiffin <orders@tiffin.example>'),
    settings: { siteUrl: SITE, secret: SECRET },
  };
  restaurant = await createTestRestaurant(t.db);
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: restaurant.id });
});
afterAll(async () => {
  mail?.mailer.close();
  await catcher?.stop();
  redis?.disconnect();
  await t?.drop();
});

/** A customer's order accepted by its kitchen: the "confirmed" event, as the relay publishes it. */
async function confirmedEvent(customer: TestPerson): Promise<Envelope> {
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 1 }],
      deliveryAddress: '4 Mail Mews',
      idempotencyKey: randomUUID(),
    },
    { userId: customer.id },
  );
  await t.db.$transaction((tx) =>
    takeOrderStep(
      tx,
      { kind: 'person', userId: staff.id, role: staff.role, restaurantId: restaurant.id },
      'accept',
      order.orderId,
    ),
  );
  const row = await t.db.outboxEvent.findFirstOrThrow({
    where: {
      type: 'order.status_changed.v1',
      payload: { path: ['orderId'], equals: order.orderId },
    },
  });
  return envelopeFromOutboxRow(row);
}

/** A customer's card declined at the sandbox: the "payment failed" event, as the relay publishes it. */
async function paymentFailedEvent(customer: TestPerson): Promise<Envelope> {
  const webhookSecret = 'mail-test-webhook-secret';
  const provider = createSandboxProvider({ db: t.db, webhookSecret, currency: 'USD' });
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 1 }],
      deliveryAddress: '4 Mail Mews',
      idempotencyKey: randomUUID(),
      paymentMethod: 'card',
    },
    { userId: customer.id, payments: { provider: 'sandbox', currency: 'USD' } },
  );
  const payment = await ensureCardPayment(t.db, provider, order.orderId);
  const { eventId } = await payWithTestCard(
    t.db,
    { paymentId: payment.id, cardNumber: '4000 0000 0000 0002', confirmAction: false },
    { userId: customer.id },
  );
  const webhook = await t.db.outboxEvent.findFirstOrThrow({
    where: { type: 'payment.sandbox_webhook.v1', payload: { path: ['eventId'], equals: eventId } },
  });
  const { body } = webhook.payload as { body: string };
  await handlePaymentWebhook(
    t.db,
    'sandbox',
    provider.parseWebhook(body, signWebhook(body, webhookSecret)),
  );
  const row = await t.db.outboxEvent.findFirstOrThrow({
    where: { type: 'payment.failed.v1', payload: { path: ['orderId'], equals: order.orderId } },
  });
  return envelopeFromOutboxRow(row);
}

const mailTo = (email: string) => readCaughtMail(catcher.dir).filter((m) => m.to.includes(email));

describe('notification email', () => {
  it('reaches the SMTP server once, with a text and an HTML part and absolute links', async () => {
    const customer = await createTestPerson(t.db, { role: 'CUSTOMER', name: 'Rosa Lind' });
    const envelope = await confirmedEvent(customer);
    const handle = notificationsHandler(t.db, redis, log, mail);
    await handle(envelope);
    await handle(envelope);

    const received = mailTo(customer.email);
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message!.subject).toBe(`${restaurant.name} accepted your order`);
    expect(message!.from).toContain('orders@tiffin.example');
    const orderId = (envelope.payload as { orderId: string }).orderId;
    expect(message!.text).toContain('Hi Rosa,');
    expect(message!.text).toContain(`See it on Tiffin: ${SITE}/orders/${orderId}`);
    expect(message!.html).toContain(`href="${SITE}/orders/${orderId}"`);
    expect(message!.html).toContain('name="viewport"');
    expect(message!.headers['list-unsubscribe']).toContain(`${SITE}/unsubscribe?token=`);

    // The unsubscribe link names this customer and this kind, signed with the site's secret.
    const link = /(https:\/\/tiffin\.example\/unsubscribe\?token=[^\s"]+)/.exec(message!.text)![1]!;
    const token = new URL(link).searchParams.get('token')!;
    expect(readUnsubscribeToken(SECRET, token)).toEqual({
      userId: customer.id,
      kind: 'order_confirmed',
    });
    const row = await t.db.notification.findFirstOrThrow({
      where: { userId: customer.id, kind: 'order_confirmed' },
    });
    expect(row.emailedAt).not.toBeNull();
  });

  it('a declined card is mailed once, both parts linking to the pay page, with its own unsubscribe kind', async () => {
    const customer = await createTestPerson(t.db, { role: 'CUSTOMER', name: 'Ines Okafor' });
    const envelope = await paymentFailedEvent(customer);
    const handle = notificationsHandler(t.db, redis, log, mail);
    await handle(envelope);
    await handle(envelope);

    const received = mailTo(customer.email);
    expect(received).toHaveLength(1);
    const [message] = received;
    const { paymentId } = envelope.payload as { paymentId: string };
    expect(message!.subject).toBe('Your payment did not go through');
    expect(message!.text).toContain('Hi Ines,');
    expect(message!.text).toContain('Your card was declined.');
    expect(message!.text).toContain(`See it on Tiffin: ${SITE}/pay/${paymentId}`);
    expect(message!.html).toContain(`href="${SITE}/pay/${paymentId}"`);
    expect(message!.html).toContain('card payments that did not go through');
    const link = /(https:\/\/tiffin\.example\/unsubscribe\?token=[^\s"]+)/.exec(message!.text)![1]!;
    expect(readUnsubscribeToken(SECRET, new URL(link).searchParams.get('token')!)).toEqual({
      userId: customer.id,
      kind: 'payment_failed',
    });

    // Unsubscribed from it: the next decline rings the bell but sends no mail.
    await unsubscribeFromEmail(t.db, customer.id, 'payment_failed');
    await handle(await paymentFailedEvent(customer));
    expect(mailTo(customer.email)).toHaveLength(1);
    expect(
      await t.db.notification.count({ where: { userId: customer.id, kind: 'payment_failed' } }),
    ).toBe(2);
  });

  it('sends nothing of a kind the customer unsubscribed from; the bell still gets it', async () => {
    const customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
    await unsubscribeFromEmail(t.db, customer.id, 'order_confirmed');
    await notificationsHandler(t.db, redis, log, mail)(await confirmedEvent(customer));
    expect(mailTo(customer.email)).toHaveLength(0);
    expect(await t.db.notification.count({ where: { userId: customer.id } })).toBe(1);
  });

  it('a send that keeps failing is retried with backoff, then dead-lettered; nothing is marked sent', async () => {
    const customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
    const envelope = await confirmedEvent(customer);
    // Nothing listens on this port: every send fails to connect.
    const deadPort = await freePort();
    const broken: NotificationMail = {
      mailer: smtpMailer(`smtp://127.0.0.1:${deadPort}`, 'Tiffin <orders@tiffin.example>'),
      settings: mail.settings,
    };
    const names = uniqueNames('mail');
    const attempts: number[] = [];
    const handle = notificationsHandler(t.db, redis, log, broken);
    const group = new ConsumerGroup({
      redis,
      stream: names.stream,
      group: names.group,
      deadLetterStream: names.dlq,
      maxAttempts: 3,
      backoffMs: (attempt) => 200 * 4 ** (attempt - 1),
      blockMs: 100,
      handler: async (e) => {
        attempts.push(Date.now());
        await handle(e);
      },
      log,
    });
    await publish(redis, envelope, { stream: names.stream });
    void group.start();
    try {
      await waitFor(
        'the dead letter',
        async () => (await listDeadLetters(redis, { stream: names.dlq })).length === 1,
        15_000,
      );
    } finally {
      await group.stop();
      broken.mailer.close();
    }
    expect(attempts).toHaveLength(3);
    // Backoff: each retry waited at least its own, longer, delay (200 ms, then 800 ms).
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(200);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(800);
    const [letter] = await listDeadLetters(redis, { stream: names.dlq });
    expect(letter).toMatchObject({ group: names.group, type: envelope.type, attempts: 3 });
    expect(letter!.error).toMatch(/ECONNREFUSED|connect/i);
    // The notification itself was written once, and its email is still owed.
    const rows = await t.db.notification.findMany({ where: { userId: customer.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.emailedAt).toBeNull();
    expect(mailTo(customer.email)).toHaveLength(0);
  });
});
