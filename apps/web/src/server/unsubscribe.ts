// One-click unsubscribe: the token in an email's link, checked with the site's secret, turns that
// kind of email off for that person. Applying it twice is the same as once.
import { EMAIL_KIND_LABELS, readUnsubscribeToken, unsubscribeFromEmail } from '@tiffin/domain';

import { getEnv } from '../env';
import { getDb } from './db';

export type UnsubscribeOutcome = { ok: true; label: string } | { ok: false };

export async function unsubscribeWithToken(token: string | undefined): Promise<UnsubscribeOutcome> {
  const claim = token ? readUnsubscribeToken(getEnv().NEXTAUTH_SECRET, token) : null;
  if (!claim) return { ok: false };
  const db = getDb();
  const user = await db.user.findUnique({ where: { id: claim.userId }, select: { id: true } });
  if (!user) return { ok: false };
  await unsubscribeFromEmail(db, claim.userId, claim.kind);
  return { ok: true, label: EMAIL_KIND_LABELS[claim.kind] ?? claim.kind };
}
