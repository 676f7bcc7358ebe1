// Accounts: sign-up and credential checks for next-auth's Credentials provider.
import type { Db } from '@tiffin/db';
import type { Role } from '@tiffin/db/enums';
import { hashPassword, Prisma, verifyPassword } from '@tiffin/db';

import type { SignUpInput } from './account-input';
import { DomainError } from '../errors';

export const sessionUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  restaurantId: true,
} as const;

export async function signUp(db: Db, input: SignUpInput) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: 'CUSTOMER' },
      select: sessionUserSelect,
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError(
        'EMAIL_TAKEN',
        'An account with this email already exists. Sign in instead.',
      );
    }
    throw error;
  }
}

// Verified against when the email is unknown, so both failures take the same time.
let decoyHash: Promise<string> | undefined;

/** The user for these credentials, or null; never says which of the two was wrong. */
export async function verifyCredentials(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { ...sessionUserSelect, passwordHash: true },
  });
  if (!user) {
    decoyHash ??= hashPassword('decoy-password-for-timing');
    await verifyPassword(await decoyHash, password);
    return null;
  }
  const { passwordHash, ...sessionUser } = user;
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
