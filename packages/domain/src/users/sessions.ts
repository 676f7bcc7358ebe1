// Sessions: each account has a session version, stamped into a session when it signs in. A
// session stands while its version is the account's current one and the account is not
// disabled, so bumping the version signs the account out everywhere at once.
import type { Db, PrismaTransaction } from '@tiffin/db';
import { hashPassword, verifyPassword } from '@tiffin/db';

import type { Actor } from '../authority/actor';
import type { ChangePasswordInput, SetDisabledInput } from './account-input';
import { DomainError } from '../errors';

/** What decides whether a session still stands: null when the account is gone. */
export interface SessionStanding {
  version: number;
  disabled: boolean;
}

export async function sessionStanding(db: Db, userId: string): Promise<SessionStanding | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { sessionVersion: true, disabledAt: true },
  });
  return user ? { version: user.sessionVersion, disabled: user.disabledAt !== null } : null;
}

/** A session signed in at `version` still stands. */
export function sessionStands(standing: SessionStanding | null, version: number): boolean {
  return standing !== null && !standing.disabled && standing.version === version;
}

/** Ends every session the account has (sign-out, a new password, an admin's change). */
export async function revokeSessions(tx: PrismaTransaction, userId: string): Promise<number> {
  const user = await tx.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  return user.sessionVersion;
}

/**
 * The signed-in person sets a new password, proving they know the current one; every session,
 * this one included, ends (so a thief holding an old cookie is out as well).
 */
export async function changePassword(
  tx: PrismaTransaction,
  actor: Actor,
  input: ChangePasswordInput,
): Promise<{ userId: string; sessionVersion: number }> {
  if (actor.kind !== 'person') throw new DomainError('FORBIDDEN', 'Sign in to change a password.');
  const user = await tx.user.findUnique({
    where: { id: actor.userId },
    select: { passwordHash: true },
  });
  if (!user) throw new DomainError('NOT_FOUND', 'We could not find your account.');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError('INVALID_REQUEST', 'Your current password is not right.');
  }
  const updated = await tx.user.update({
    where: { id: actor.userId },
    data: {
      passwordHash: await hashPassword(input.newPassword),
      sessionVersion: { increment: 1 },
    },
    select: { sessionVersion: true },
  });
  return { userId: actor.userId, sessionVersion: updated.sessionVersion };
}

/** An admin disables an account (it can no longer sign in; its sessions end) or enables it. */
export async function setUserDisabled(
  tx: PrismaTransaction,
  actor: Actor,
  input: SetDisabledInput,
): Promise<{ id: string; email: string; disabled: boolean; sessionVersion: number }> {
  if (actor.kind !== 'person' || actor.role !== 'ADMIN') {
    throw new DomainError('FORBIDDEN', 'Only admins can do that.');
  }
  const user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (!user) throw new DomainError('NOT_FOUND', `There is no account for ${input.email}.`);
  if (user.id === actor.userId) {
    throw new DomainError('INVALID_REQUEST', 'You cannot disable your own account.');
  }
  const updated = await tx.user.update({
    where: { id: user.id },
    data: {
      disabledAt: input.disabled ? new Date() : null,
      sessionVersion: { increment: 1 },
    },
    select: { id: true, email: true, disabledAt: true, sessionVersion: true },
  });
  return {
    id: updated.id,
    email: updated.email,
    disabled: updated.disabledAt !== null,
    sessionVersion: updated.sessionVersion,
  };
}
