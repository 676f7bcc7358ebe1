// The signed-in person's own account: what the profile page shows, and changing the name.
import type { Db } from '@tiffin/db';

import type { UpdateNameInput } from './account-input';
import { DomainError } from '../errors';

export interface AccountProfile {
  email: string;
  name: string;
  emailVerified: boolean;
}

export async function accountProfile(db: Db, userId: string): Promise<AccountProfile> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, name: true, emailVerifiedAt: true },
  });
  if (!user) throw new DomainError('NOT_FOUND', 'We could not find your account.');
  return { email: user.email, name: user.name, emailVerified: user.emailVerifiedAt !== null };
}

export async function updateName(
  db: Db,
  userId: string,
  input: UpdateNameInput,
): Promise<{ name: string }> {
  const updated = await db.user.updateMany({ where: { id: userId }, data: { name: input.name } });
  if (updated.count === 0) throw new DomainError('NOT_FOUND', 'We could not find your account.');
  return { name: input.name };
}
