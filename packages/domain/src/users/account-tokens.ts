// Emailed account links: a random token mailed once, of which only the SHA-256 is stored; each is
// single-use and expires (verification after 24 h, password reset after 1 h).
import { createHash, randomBytes } from 'node:crypto';

import type { Db } from '@tiffin/db';
import type { AccountTokenPurpose } from '@tiffin/db/enums';

export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  verify_email: 24 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
};

/** The stored form of a token: a leaked table gives no working link. */
export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * A fresh token for the mail one event asked for, or null when that mail already went out. An
 * unsent token of the same event (a send that failed and is retried) is replaced, so only the
 * link in the mail that reached the person works.
 */
export async function issueAccountToken(
  db: Db,
  request: { eventId: string; userId: string; purpose: AccountTokenPurpose },
  now: Date = new Date(),
): Promise<string | null> {
  const existing = await db.accountToken.findUnique({
    where: { eventId: request.eventId },
    select: { mailedAt: true },
  });
  if (existing?.mailedAt) return null;
  const token = randomBytes(32).toString('base64url');
  const data = {
    tokenHash: hashAccountToken(token),
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[request.purpose]),
  };
  await db.accountToken.upsert({
    where: { eventId: request.eventId },
    create: { ...data, eventId: request.eventId, userId: request.userId, purpose: request.purpose },
    update: data,
    select: { id: true },
  });
  return token;
}

/** The token of this event went out: a redelivered event does not mail it again. */
export async function markAccountTokenMailed(db: Db, eventId: string): Promise<void> {
  await db.accountToken.updateMany({
    where: { eventId, mailedAt: null },
    data: { mailedAt: new Date() },
  });
}
