// Account mail over real SMTP: the account-mail consumer mails the verification link after sign-up,
// the reset link after "forgot password" and a notice to the owner of a taken email, each with a
// text and an HTML part and absolute links; the links work; a redelivered event sends nothing
// more; a send that keeps failing is retried, then dead-lettered, and its unsent link never works.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { Envelope, RedisClient } from '@tiffin/events';
import type { MailCatcher } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import {
  envelopeFromOutboxRow,
  requestPasswordReset,
  resetLinkState,
  signUp,
  verifyEmail,
} from '@tiffin/domain';
import { ConsumerGroup, listDeadLetters, publish } from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import { freePort, readCaughtMail, startMailCatcher } from '@tiffin/stack';
import { connectTestRedis, createTestDatabase, uniqueNames, waitFor } from '@tiffin/stack/testing';

import type { AccountMail } from './account-mail';
import { smtpMailer } from '../mailer';
import { accountMailHandler } from './account-mail';

const SITE = 'https://tiffin.example';
const log = createLogger('error');
let t: TestDatabase;
let redis: RedisClient;
let catcher: MailCatcher;
let mail: NonNullable<AccountMail>;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  catcher = await startMailCatcher({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-account-mail-')),
  });
  mail = { mailer: smtpMailer(catcher.url, 'Tiffin <accounts@tiffin.example>'), siteUrl: SITE };
});
afterAll(async () => {
  mail?.mailer.close();
  await catcher?.stop();
  redis?.disconnect();
  await t?.drop();
});

const freshEmail = () => `mail-${randomBytes(5).toString('hex')}@example.com`;
const mailTo = (email: string) => readCaughtMail(catcher.dir).filter((m) => m.to.includes(email));

/** The newest outbox event of `type` about `email`'s account, as the relay publishes it. */
async function latestEvent(email: string, type: string): Promise<Envelope> {
  const user = await t.db.user.findUniqueOrThrow({ where: { email } });
  const row = await t.db.outboxEvent.findFirstOrThrow({
    where: { type, payload: { path: ['userId'], equals: user.id } },
    orderBy: { seq: 'desc' },
  });
  return envelopeFromOutboxRow(row);
}

function linkIn(text: string, page: string): URL {
  const found = new RegExp(`(https://tiffin\\.example/${page}\\?token=[^\\s]+)`).exec(text);
  if (!found) throw new Error(`no ${page} link in:\n${text}`);
  return new URL(found[1]!);
}

describe('account mail', () => {
  it('sign-up mails a verification link once, in text and HTML, and the link verifies', async () => {
    const email = freshEmail();
    await signUp(t.db, { email, password: 'a long enough password', name: 'Mina Okafor' });
    const envelope = await latestEvent(email, 'account.verification_requested.v1');
    const handle = accountMailHandler(t.db, log, mail);
    await handle(envelope);
    await handle(envelope);

    const received = mailTo(email);
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message!.subject).toBe('Confirm your email for Tiffin');
    expect(message!.from).toContain('accounts@tiffin.example');
    expect(message!.text).toContain('Hi Mina,');
    const link = linkIn(message!.text, 'verify-email');
    expect(message!.html).toContain(`href="${link.toString().replaceAll('&', '&amp;')}"`);
    expect(message!.html).toContain('name="viewport"');
    expect(await verifyEmail(t.db, link.searchParams.get('token')!)).toBe('verified');
  });

  it('"forgot password" mails a reset link; an unknown email gets no mail at all', async () => {
    const email = freshEmail();
    await signUp(t.db, { email, password: 'a long enough password', name: 'Leo Brandt' });
    await requestPasswordReset(t.db, email);
    await accountMailHandler(
      t.db,
      log,
      mail,
    )(await latestEvent(email, 'account.password_reset_requested.v1'));
    const [message] = mailTo(email).filter((m) => m.subject === 'Reset your Tiffin password');
    expect(message).toBeDefined();
    const link = linkIn(message!.text, 'reset-password');
    expect(message!.html).toContain(link.toString());
    expect(await resetLinkState(t.db, link.searchParams.get('token')!)).toBe('valid');

    const unknown = freshEmail();
    const outbox = await t.db.outboxEvent.count();
    expect(await requestPasswordReset(t.db, unknown)).toEqual({ email: unknown });
    expect(await t.db.outboxEvent.count()).toBe(outbox);
  });

  it('a sign-up with a taken email mails its owner once, with no link to act on', async () => {
    const email = freshEmail();
    await signUp(t.db, { email, password: 'a long enough password', name: 'Ines Costa' });
    await signUp(t.db, { email, password: 'someone else typing', name: 'Impostor' });
    const envelope = await latestEvent(email, 'account.sign_up_attempted.v1');
    const handle = accountMailHandler(t.db, log, mail);
    await handle(envelope);
    await handle(envelope);
    const notices = mailTo(email).filter(
      (m) => m.subject === 'Someone tried to sign up with your email',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain('Hi Ines,');
    expect(notices[0]!.text).toContain(`${SITE}/signin`);
    expect(notices[0]!.text).not.toContain('token=');
  });

  it('a send that keeps failing is retried, then dead-lettered; its link never went out', async () => {
    const email = freshEmail();
    await signUp(t.db, { email, password: 'a long enough password', name: 'Ada Park' });
    const envelope = await latestEvent(email, 'account.verification_requested.v1');
    const deadPort = await freePort();
    const broken: NonNullable<AccountMail> = {
      mailer: smtpMailer(`smtp://127.0.0.1:${deadPort}`, 'Tiffin <accounts@tiffin.example>'),
      siteUrl: SITE,
    };
    const names = uniqueNames('account-mail');
    let attempts = 0;
    const handle = accountMailHandler(t.db, log, broken);
    const group = new ConsumerGroup({
      redis,
      stream: names.stream,
      group: names.group,
      deadLetterStream: names.dlq,
      maxAttempts: 3,
      backoffMs: (attempt) => 50 * attempt,
      blockMs: 100,
      handler: async (e) => {
        attempts++;
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
    expect(attempts).toBe(3);
    const tokens = await t.db.accountToken.findMany({ where: { eventId: envelope.eventId } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.mailedAt).toBeNull();
    expect(mailTo(email)).toHaveLength(0);

    // Replayed later with SMTP back: the mail goes out with a fresh link, which works.
    await accountMailHandler(t.db, log, mail)(envelope);
    const [message] = mailTo(email);
    const token = linkIn(message!.text, 'verify-email').searchParams.get('token')!;
    expect(await verifyEmail(t.db, token)).toBe('verified');
  });
});
