// Following an emailed link: verifying an email, or setting a new password. Each token works once
// (a conditional update: of two clicks at once exactly one wins) and only until it expires.
import type { Db } from '@tiffin/db';
import type { AccountTokenPurpose } from '@tiffin/db/enums';
import { hashPassword } from '@tiffin/db';

import type { AccountLinkProblem } from '../errors';
import type { ResetPasswordInput } from './account-input';
import { DomainError } from '../errors';
import { hashAccountToken } from './account-tokens';

/** What following a verification link did; each outcome has its own page. */
export type VerifyEmailOutcome = 'verified' | 'already_verified' | AccountLinkProblem;

/** What a reset link's page shows before the new password is typed. */
export type ResetLinkState = 'valid' | AccountLinkProblem;

export const ACCOUNT_LINK_MESSAGES: Record<AccountLinkProblem, string> = {
  used: 'This link has already been used. Each link works once.',
  expired: 'This link has expired. Ask for a new one.',
  invalid: 'This link is not valid. Check that you copied all of it, or ask for a new one.',
};

async function findToken(db: Db, token: string, purpose: AccountTokenPurpose) {
  const row = await db.accountToken.findUnique({
    where: { tokenHash: hashAccountToken(token) },
    select: {
      id: true,
      userId: true,
      purpose: true,
      expiresAt: true,
      usedAt: true,
      user: { select: { emailVerifiedAt: true, disabledAt: true } },
    },
  });
  return row && row.purpose === purpose ? row : null;
}

function problemOf(
  row: { usedAt: Date | null; expiresAt: Date } | null,
  now: Date,
): AccountLinkProblem | null {
  if (!row) return 'invalid';
  if (row.usedAt) return 'used';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}

/** Marks the token used if nobody did first; false means another click won. */
async function claimToken(db: Db, id: string, now: Date): Promise<boolean> {
  const claimed = await db.accountToken.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return claimed.count === 1;
}

export async function verifyEmail(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<VerifyEmailOutcome> {
  const row = await findToken(db, token, 'verify_email');
  const problem = problemOf(row, now);
  if (problem === 'used' && row?.user.emailVerifiedAt) return 'already_verified';
  if (problem || !row) return problem ?? 'invalid';
  // A newer link already verified the address: this one is spent without changing anything.
  if (row.user.emailVerifiedAt) {
    await claimToken(db, row.id, now);
    return 'already_verified';
  }
  return db.$transaction(async (tx) => {
    const claimed = await tx.accountToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count === 0) return 'already_verified';
    await tx.user.updateMany({
      where: { id: row.userId, emailVerifiedAt: null },
      data: { emailVerifiedAt: now },
    });
    return 'verified';
  });
}

export async function resetLinkState(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<ResetLinkState> {
  const row = await findToken(db, token, 'reset_password');
  if (row?.user.disabledAt) return 'invalid';
  return problemOf(row, now) ?? 'valid';
}

/**
 * Sets the new password, spends the link and every other reset link of the account, and bumps
 * the session version so every session signed in before (a thief's too) ends. Following the link
 * proves the mailbox is theirs, so the email counts as verified as well.
 */
export async function resetPassword(
  db: Db,
  input: ResetPasswordInput,
  now: Date = new Date(),
): Promise<{ userId: string; sessionVersion: number }> {
  const row = await findToken(db, input.token, 'reset_password');
  const problem = row?.user.disabledAt ? 'invalid' : problemOf(row, now);
  if (problem || !row) {
    const reason = problem ?? 'invalid';
    throw new DomainError('ACCOUNT_LINK_UNUSABLE', ACCOUNT_LINK_MESSAGES[reason], { reason });
  }
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const claimed = await tx.accountToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count === 0) {
      throw new DomainError('ACCOUNT_LINK_UNUSABLE', ACCOUNT_LINK_MESSAGES.used, {
        reason: 'used',
      });
    }
    await tx.accountToken.updateMany({
      where: { userId: row.userId, purpose: 'reset_password', usedAt: null },
      data: { usedAt: now },
    });
    const user = await tx.user.update({
      where: { id: row.userId },
      data: {
        passwordHash,
        sessionVersion: { increment: 1 },
        emailVerifiedAt: row.user.emailVerifiedAt ?? now,
      },
      select: { sessionVersion: true },
    });
    return { userId: row.userId, sessionVersion: user.sessionVersion };
  });
}
