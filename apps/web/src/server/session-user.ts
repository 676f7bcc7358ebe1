// Turns what next-auth stored (a JWT or a session) into the API's SessionUser, or null when a
// field is missing, so a malformed or stale token never counts as signed in.
import type { SessionUser } from '@tiffin/api';
import type { Role } from '@tiffin/db';

const ROLES: readonly Role[] = ['CUSTOMER', 'RESTAURANT_STAFF', 'COURIER', 'ADMIN'];

interface StoredUserFields {
  id?: unknown;
  email?: unknown;
  name?: unknown;
  role?: unknown;
  restaurantId?: unknown;
}

export function toSessionUser(fields: StoredUserFields | null | undefined): SessionUser | null {
  if (!fields) return null;
  const { id, email, name, role, restaurantId } = fields;
  if (typeof id !== 'string' || typeof email !== 'string' || typeof name !== 'string') return null;
  if (!ROLES.includes(role as Role)) return null;
  return {
    id,
    email,
    name,
    role: role as Role,
    restaurantId: typeof restaurantId === 'string' ? restaurantId : null,
  };
}

/** The session version a token was stamped with at sign-in; tokens from before versions: 0. */
export function sessionVersionOf(fields: { sessionVersion?: unknown } | null | undefined): number {
  const version = fields?.sessionVersion;
  return typeof version === 'number' && Number.isInteger(version) ? version : 0;
}
