// One-click unsubscribe links: a token naming the person and the kind of email, signed with the
// site's secret (HMAC-SHA256), so the link works without signing in and cannot be edited into
// someone else's or another kind's.
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { NotificationKind } from './notification-kinds';
import { isNotificationKind } from './notification-kinds';

const PURPOSE = 'tiffin-unsubscribe-v1';

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}:${payload}`).digest();
}

export function createUnsubscribeToken(
  secret: string,
  userId: string,
  kind: NotificationKind,
): string {
  const payload = `${userId}.${kind}`;
  return `${Buffer.from(payload).toString('base64url')}.${signature(secret, payload).toString('base64url')}`;
}

/** The person and kind a token names, or null for a token that was not signed by us. */
export function readUnsubscribeToken(
  secret: string,
  token: string,
): { userId: string; kind: NotificationKind } | null {
  const [encoded, signed, ...rest] = token.split('.');
  if (!encoded || !signed || rest.length > 0) return null;
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  const expected = signature(secret, payload);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [userId, kind, ...extra] = payload.split('.');
  if (!userId || !kind || extra.length > 0 || !isNotificationKind(kind)) return null;
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  return { userId, kind };
}
