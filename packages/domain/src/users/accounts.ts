// Accounts: sign-up and credential checks for next-auth's Credentials provider.
import type { Db } from '@tiffin/db';
import type { Role } from '@tiffin/db/enums';
import type { Logger } from '@tiffin/events/logger';
import { hashPassword, Prisma, verifyPassword } from '@tiffin/db';

import type { SignUpInput } from './account-input';
import type { AccountRequestMeta } from './account-requests';
import { DomainError } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox';
import { tellOwnerOfSignUpAttempt } from './account-owner-notice';
import { accountEventMeta } from './account-requests';

export const sessionUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  restaurantId: true,
} as const;

/** What sign-up answers: the same whether the email was new or already had an account. */
export interface SignUpAnswer {
  email: string;
}

/**
 * Creates a customer and asks the worker to mail them a verification link; an email that already
 * has an account gets the same answer while its owner is mailed instead. Both paths cost the same:
 * the password is hashed either way, and either way one transaction locks (an existing row) or
 * writes (a new row), writes one outbox event and commits, flushing the WAL.
 */
export async function signUp(
  db: Db,
  input: SignUpInput,
  log?: Logger | null,
  meta?: AccountRequestMeta,
): Promise<SignUpAnswer> {
  const passwordHash = await hashPassword(input.password);
  const at = new Date().toISOString();
  let ownerId: string | null = null;
  try {
    ownerId = await db.$transaction(async (tx) => {
      const [existing] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "User" WHERE email = ${input.email} FOR UPDATE`;
      if (existing) {
        await writeOutboxEvent(
          tx,
          'account.sign_up_attempted.v1',
          { userId: existing.id, at },
          accountEventMeta(meta, 'db.signUp'),
        );
        return existing.id;
      }
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, role: 'CUSTOMER' },
        select: { id: true },
      });
      await writeOutboxEvent(
        tx,
        'account.verification_requested.v1',
        { userId: user.id, at },
        accountEventMeta(meta, 'db.signUp'),
      );
      return null;
    });
  } catch (error) {
    // Two sign-ups of one new email at once: the loser answers as the winner does.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) {
      throw error;
    }
  }
  if (ownerId) tellOwnerOfSignUpAttempt(log, ownerId);
  return { email: input.email };
}

// Verified against when the email is unknown, so both failures take the same time.
let decoyHash: Promise<string> | undefined;

/** The user for these credentials, or null; never says which of the two was wrong. */
export async function verifyCredentials(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { ...sessionUserSelect, passwordHash: true, sessionVersion: true, disabledAt: true },
  });
  if (!user || user.disabledAt) {
    decoyHash ??= hashPassword('decoy-password-for-timing');
    await verifyPassword(await decoyHash, password);
    return null;
  }
  const { passwordHash, disabledAt: _disabled, ...sessionUser } = user;
  return (await verifyPassword(passwordHash, password)) ? sessionUser : null;
}

/**
 * An account with a given role, for fixtures and operators' scripts (people sign up as customers;
 * admins then change roles with admin.setRole). Staff need a restaurant; couriers start offline.
 */
export async function createAccount(
  db: Db,
  input: SignUpInput & { role: Role; restaurantId?: string | null },
) {
  if (input.role === 'RESTAURANT_STAFF' && !input.restaurantId) {
    throw new DomainError('INVALID_REQUEST', 'Restaurant staff need a restaurant.');
  }
  if (input.role === 'RESTAURANT_STAFF' && input.restaurantId) {
    const restaurant = await db.restaurant.findUnique({
      where: { id: input.restaurantId },
      select: { id: true },
    });
    if (!restaurant) throw new DomainError('NOT_FOUND', 'We could not find that restaurant.');
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: {
        email: input.email,
        name: input.name,
        passwordHash,
        role: input.role,
        restaurantId: input.role === 'RESTAURANT_STAFF' ? (input.restaurantId ?? null) : null,
        // An operator made this account for a known person: there is nobody to mail a link to.
        emailVerifiedAt: new Date(),
      },
      select: sessionUserSelect,
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists.');
    }
    throw error;
  }
}
