// Accounts: sign-up and credential checks for next-auth's Credentials provider.
import { z } from 'zod';

import type { Db } from '../client';
import { DomainError } from '../errors';
import { Prisma } from '../generated/prisma/client';
import { hashPassword, verifyPassword } from './passwords';

export const signUpInputSchema = z.object({
  email: z
    .email({ error: 'Enter a valid email address' })
    .max(254, { error: 'That email address is too long' })
    .transform((e) => e.toLowerCase()),
  password: z
    .string({ error: 'Enter a password' })
    .min(8, { error: 'Use at least 8 characters for your password' })
    .max(200, { error: 'That password is too long (200 characters at most)' }),
  name: z
    .string({ error: 'Enter your name' })
    .trim()
    .min(1, { error: 'Enter your name' })
    .max(100, { error: 'That name is too long (100 characters at most)' }),
});

export type SignUpInput = z.infer<typeof signUpInputSchema>;

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
