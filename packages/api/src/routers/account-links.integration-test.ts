// The emailed account links end to end through the API: sign-up asks for a verification mail, the
// link verifies once (then says so), expired and tampered links are refused plainly; "forgot
// password" answers the same for any email, its link sets a password once and ends every session
// signed in before; racing clicks have one winner; the request limits hold.
import { createHash, randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { AccountEventType } from '@tiffin/domain';
import type { RedisClient } from '@tiffin/events';
import type { TestDatabase } from '@tiffin/stack/testing';
import { accountEmailForEvent, verifyCredentials } from '@tiffin/domain';
import { connectTestRedis, createTestDatabase } from '@tiffin/stack/testing';

import type { RateLimits } from '../rate-limits/rate-limiters';
import type { SessionUser } from '../trpc';
import {
  PASSWORD_RESETS_PER_EMAIL_PER_HOUR,
  RATE_LIMIT_DEFAULTS,
  VERIFICATION_RESENDS_PER_USER_PER_HOUR,
} from '../rate-limits/rate-limit-policy';
import { createRateLimits } from '../rate-limits/rate-limiters';
import { appRouter } from '../root';
import { currentSessionVersion } from '../sessions/current-session';
import { call } from '../testing/api-test-kit';

const SITE = 'https://tiffin.example';
const PASSWORD = 'a long enough password';
let t: TestDatabase;
let redis: RedisClient;
let limits: RateLimits;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  limits = createRateLimits(redis, { ...RATE_LIMIT_DEFAULTS, authRequestsPerIpPerMinute: 1000 });
});
afterAll(async () => {
  redis?.disconnect();
  await t?.drop();
});

const freshEmail = () => `acct-${randomBytes(5).toString('hex')}@example.com`;
const freshAddress = () => `203.0.113.${randomBytes(3).toString('hex')}`;

/** Account events for a person, oldest first, as the relay would hand them to the worker. */
async function accountEvents(userId: string, type: AccountEventType) {
  const rows = await t.db.outboxEvent.findMany({
    where: { type, payload: { path: ['userId'], equals: userId } },
    orderBy: { seq: 'asc' },
  });
  return rows.map((r) => ({ eventId: r.id, type, userId }));
}

/** What the worker would mail for the person's latest event of `type`: the link's token. */
async function mailedToken(userId: string, type: AccountEventType): Promise<string> {
  const event = (await accountEvents(userId, type)).at(-1);
  if (!event) throw new Error(`no ${type} for ${userId}`);
  const email = await accountEmailForEvent(t.db, event, SITE);
  if (!email) throw new Error('no email owed');
  await email.sent();
  const link = /https:\/\/tiffin\.example\/[a-z-]+\?token=([^\s]+)/.exec(email.text);
  return decodeURIComponent(link![1]!);
}

async function signUp(email = freshEmail()) {
  const reply = await call(
    appRouter,
    { db: t.db },
    'auth.signUp',
    { email, password: PASSWORD, name: 'Asha Verma' },
    null,
  );
  expect(reply.status).toBe(200);
  const user = await t.db.user.findUniqueOrThrow({
    where: { email },
    select: { id: true, email: true, name: true, role: true, restaurantId: true },
  });
  return user satisfies SessionUser;
}

const verify = (token: string) =>
  call<{ outcome: string }>(appRouter, { db: t.db }, 'auth.verifyEmail', { token }, null);

describe('email verification', () => {
  it('sign-up leaves the account unverified and owes one verification mail, stored hashed', async () => {
    const user = await signUp();
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.emailVerifiedAt).toBeNull();
    expect(await accountEvents(user.id, 'account.verification_requested.v1')).toHaveLength(1);

    const token = await mailedToken(user.id, 'account.verification_requested.v1');
    const stored = await t.db.accountToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.purpose).toBe('verify_email');
    const lifetime = stored.expiresAt.getTime() - stored.createdAt.getTime();
    expect(Math.abs(lifetime - 24 * 3600_000)).toBeLessThan(60_000);
    // The outbox and the stream never carry the token.
    const outbox = await t.db.outboxEvent.findMany({
      where: { type: { startsWith: 'account.' } },
      select: { payload: true },
    });
    expect(outbox.length).toBeGreaterThan(0);
    expect(JSON.stringify(outbox)).not.toContain(token);
  });

  it('a link verifies once; clicking it again says the email is already verified', async () => {
    const user = await signUp();
    const token = await mailedToken(user.id, 'account.verification_requested.v1');
    expect((await verify(token)).data).toEqual({ outcome: 'verified' });
    const verified = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(verified.emailVerifiedAt).not.toBeNull();
    expect((await verify(token)).data).toEqual({ outcome: 'already_verified' });
    const again = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(again.emailVerifiedAt).toEqual(verified.emailVerifiedAt);
  });

  it('an expired link and a tampered one verify nothing and say why', async () => {
    const user = await signUp();
    const token = await mailedToken(user.id, 'account.verification_requested.v1');
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await verify(tampered)).data).toEqual({ outcome: 'invalid' });
    expect((await verify('not-a-token')).data).toEqual({ outcome: 'invalid' });
    await t.db.accountToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await verify(token)).data).toEqual({ outcome: 'expired' });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.emailVerifiedAt).toBeNull();
  });

  it('two clicks of one link at once: one verifies, the other says already verified', async () => {
    const user = await signUp();
    const token = await mailedToken(user.id, 'account.verification_requested.v1');
    const outcomes = (await Promise.all([verify(token), verify(token)])).map((r) => r.data);
    expect(outcomes).toEqual(
      expect.arrayContaining([{ outcome: 'verified' }, { outcome: 'already_verified' }]),
    );
  });

  it('resend: another mail while unverified, nothing once verified, then a limit per hour', async () => {
    const user = await signUp();
    const context = { db: t.db, redis, rateLimits: limits, clientAddress: freshAddress() };
    const first = await call(appRouter, context, 'auth.resendVerification', undefined, user);
    expect(first.data).toEqual({ alreadyVerified: false });
    expect(await accountEvents(user.id, 'account.verification_requested.v1')).toHaveLength(2);
    for (let n = 2; n <= VERIFICATION_RESENDS_PER_USER_PER_HOUR; n++) {
      expect(
        (await call(appRouter, context, 'auth.resendVerification', undefined, user)).status,
      ).toBe(200);
    }
    const refused = await call(appRouter, context, 'auth.resendVerification', undefined, user);
    expect(refused.status).toBe(429);
    expect(refused.error?.data.domain?.code).toBe('RATE_LIMITED');
    expect(refused.error?.message).toMatch(/Too many verification emails/);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await accountEvents(user.id, 'account.verification_requested.v1')).toHaveLength(
      1 + VERIFICATION_RESENDS_PER_USER_PER_HOUR,
    );

    const other = await signUp();
    await verify(await mailedToken(other.id, 'account.verification_requested.v1'));
    const verified = await call(
      appRouter,
      { db: t.db },
      'auth.resendVerification',
      undefined,
      other,
    );
    expect(verified.data).toEqual({ alreadyVerified: true });
    expect(await accountEvents(other.id, 'account.verification_requested.v1')).toHaveLength(1);
  });

  it('signing up with a taken email answers as for a new one and owes the owner a mail', async () => {
    const owner = await signUp();
    const reply = await call(
      appRouter,
      { db: t.db },
      'auth.signUp',
      { email: owner.email, password: 'another password', name: 'Impostor' },
      null,
    );
    expect(reply).toMatchObject({ status: 200, data: { email: owner.email } });
    const [attempt] = await accountEvents(owner.id, 'account.sign_up_attempted.v1');
    const mail = await accountEmailForEvent(t.db, attempt!, SITE);
    expect(mail?.to).toBe(owner.email);
    expect(mail?.subject).toBe('Someone tried to sign up with your email');
    expect(await t.db.user.count({ where: { email: owner.email } })).toBe(1);
  });
});

const requestReset = (email: string, context: Parameters<typeof call>[1] = { db: t.db }) =>
  call(appRouter, context, 'auth.requestPasswordReset', { email }, null);
const resetPassword = (token: string, password: string) =>
  call(appRouter, { db: t.db, redis }, 'auth.resetPassword', { token, password }, null);

describe('password reset', () => {
  it('answers the same whether or not the email has an account; only an account is mailed', async () => {
    const user = await signUp();
    const outboxBefore = await t.db.outboxEvent.count();
    const known = await requestReset(user.email.toUpperCase());
    const unknown = await requestReset(freshEmail());
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.data).toEqual({ email: user.email });
    expect(Object.keys(unknown.data as object)).toEqual(Object.keys(known.data as object));
    expect(await t.db.outboxEvent.count()).toBe(outboxBefore + 1);
    expect(await accountEvents(user.id, 'account.password_reset_requested.v1')).toHaveLength(1);
  });

  it('the link sets the new password once, ends every earlier session, and expires in an hour', async () => {
    const user = await signUp();
    const versionBefore = await currentSessionVersion(t.db, redis, user.id);
    await requestReset(user.email);
    const token = await mailedToken(user.id, 'account.password_reset_requested.v1');
    const stored = await t.db.accountToken.findFirstOrThrow({
      where: { userId: user.id, purpose: 'reset_password' },
    });
    const lifetime = stored.expiresAt.getTime() - stored.createdAt.getTime();
    expect(Math.abs(lifetime - 3600_000)).toBeLessThan(60_000);

    const state = await call(appRouter, { db: t.db }, 'auth.resetLinkState', { token }, null);
    expect(state.data).toEqual({ state: 'valid' });
    const done = await resetPassword(token, 'a brand new password');
    expect(done).toMatchObject({ status: 200, data: { reset: true } });

    expect(await currentSessionVersion(t.db, redis, user.id)).toBe(versionBefore + 1);
    expect(await verifyCredentials(t.db, user.email, PASSWORD)).toBeNull();
    expect(await verifyCredentials(t.db, user.email, 'a brand new password')).toMatchObject({
      id: user.id,
    });
    const used = await t.db.accountToken.findUniqueOrThrow({ where: { id: stored.id } });
    expect(used.usedAt).not.toBeNull();

    const reused = await resetPassword(token, 'yet another password');
    expect(reused.status).toBe(400);
    expect(reused.error?.data.domain).toEqual({
      code: 'ACCOUNT_LINK_UNUSABLE',
      details: { reason: 'used' },
    });
    expect(reused.error?.message).toBe('This link has already been used. Each link works once.');
    expect(await verifyCredentials(t.db, user.email, 'yet another password')).toBeNull();
  });

  it('expired, tampered and too-short-password resets change nothing', async () => {
    const user = await signUp();
    await requestReset(user.email);
    const token = await mailedToken(user.id, 'account.password_reset_requested.v1');
    const before = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });

    const weak = await resetPassword(token, 'short');
    expect(weak.status).toBe(400);
    expect(weak.error?.data.fieldErrors?.password).toEqual([
      'Use at least 8 characters for your password',
    ]);
    const tampered = await resetPassword(`${token}x`, 'a fine new password');
    expect(tampered.error?.data.domain).toEqual({
      code: 'ACCOUNT_LINK_UNUSABLE',
      details: { reason: 'invalid' },
    });
    await t.db.accountToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await resetPassword(token, 'a fine new password');
    expect(expired.error?.data.domain).toEqual({
      code: 'ACCOUNT_LINK_UNUSABLE',
      details: { reason: 'expired' },
    });
    const state = await call(appRouter, { db: t.db }, 'auth.resetLinkState', { token }, null);
    expect(state.data).toEqual({ state: 'expired' });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
  });

  it('two resets with one link at once: exactly one sets its password', async () => {
    const user = await signUp();
    await requestReset(user.email);
    const token = await mailedToken(user.id, 'account.password_reset_requested.v1');
    const replies = await Promise.all([
      resetPassword(token, 'first racing password'),
      resetPassword(token, 'second racing password'),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 400]);
    const winner = replies[0].status === 200 ? 'first' : 'second';
    const loser = winner === 'first' ? 'second' : 'first';
    expect(await verifyCredentials(t.db, user.email, `${winner} racing password`)).not.toBeNull();
    expect(await verifyCredentials(t.db, user.email, `${loser} racing password`)).toBeNull();
  });

  it('a reset spends the account’s other reset links too', async () => {
    const user = await signUp();
    await requestReset(user.email);
    const older = await mailedToken(user.id, 'account.password_reset_requested.v1');
    await requestReset(user.email);
    const newer = await mailedToken(user.id, 'account.password_reset_requested.v1');
    expect((await resetPassword(newer, 'the newest password')).status).toBe(200);
    const stale = await resetPassword(older, 'an older password');
    expect(stale.error?.data.domain?.details).toEqual({ reason: 'used' });
  });

  it('limits reset requests per email, the same for unknown emails, with Retry-After', async () => {
    for (const email of [(await signUp()).email, freshEmail()]) {
      const context = { db: t.db, redis, rateLimits: limits, clientAddress: freshAddress() };
      for (let n = 1; n <= PASSWORD_RESETS_PER_EMAIL_PER_HOUR; n++) {
        expect((await requestReset(email, context)).status).toBe(200);
      }
      const refused = await requestReset(email, { ...context, clientAddress: freshAddress() });
      expect(refused.status).toBe(429);
      expect(refused.error?.message).toMatch(/^Too many password reset requests for this email/);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });
});
