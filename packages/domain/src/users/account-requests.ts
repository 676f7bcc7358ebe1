// Asking for account mail: each request is an outbox event in the same transaction as what caused
// it, and the worker mails it over SMTP (the web never talks SMTP). Events carry no token.
import { randomUUID } from 'node:crypto';

import type { Db } from '@tiffin/db';

import type { EventMeta } from '../outbox/write-outbox';
import { writeOutboxEvent } from '../outbox/write-outbox';

/** Where a request came from; the correlation id follows it to the mail. */
export type AccountRequestMeta = Partial<EventMeta>;

export function accountEventMeta(meta: AccountRequestMeta | undefined, source: string): EventMeta {
  return {
    correlationId: meta?.correlationId ?? randomUUID(),
    ...(meta?.causationId ? { causationId: meta.causationId } : {}),
    source: meta?.source ?? source,
  };
}

/** "Resend": another verification mail, unless the email is verified already. */
export async function requestVerificationEmail(
  db: Db,
  userId: string,
  meta?: AccountRequestMeta,
): Promise<{ alreadyVerified: boolean }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { emailVerifiedAt: true },
    });
    if (!user || user.emailVerifiedAt) return { alreadyVerified: true };
    await writeOutboxEvent(
      tx,
      'account.verification_requested.v1',
      { userId, at: new Date().toISOString() },
      accountEventMeta(meta, 'db.requestVerificationEmail'),
    );
    return { alreadyVerified: false };
  });
}

/**
 * "Forgot password": an existing, enabled account is mailed a reset link. The answer is the same
 * whether or not there is one, so nobody learns which emails have accounts.
 */
export async function requestPasswordReset(
  db: Db,
  email: string,
  meta?: AccountRequestMeta,
): Promise<{ email: string }> {
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { email },
      select: { id: true, disabledAt: true, simulated: true },
    });
    if (!user || user.disabledAt || user.simulated) return;
    await writeOutboxEvent(
      tx,
      'account.password_reset_requested.v1',
      { userId: user.id, at: new Date().toISOString() },
      accountEventMeta(meta, 'db.requestPasswordReset'),
    );
  });
  return { email };
}
