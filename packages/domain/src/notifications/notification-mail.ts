// What the worker emails for one event: the notifications of an email kind that have not gone out
// yet and whose recipient still wants them, each composed with its one-click unsubscribe link.
import type { Db } from '@tiffin/db';

import type { RenderedEmail } from './notification-email';
import { wantsEmail } from './email-preferences';
import { absoluteUrl, renderNotificationEmail } from './notification-email';
import { EMAIL_KIND_LABELS, isEmailKind } from './notification-kinds';
import { createUnsubscribeToken } from './unsubscribe-token';

export interface MailSettings {
  /** The site's public origin (NEXTAUTH_URL): every link in an email is absolute. */
  siteUrl: string;
  /** Signs unsubscribe links (NEXTAUTH_SECRET, which the web checks them with). */
  secret: string;
}

export interface OutgoingEmail extends RenderedEmail {
  notificationId: string;
  to: string;
  /** List-Unsubscribe, for mail clients that offer their own button (it opens the same page). */
  headers: Record<string, string>;
}

export function unsubscribeUrl(settings: MailSettings, userId: string, kind: string): string {
  if (!isEmailKind(kind)) throw new Error(`${kind} is not an email kind`);
  const token = createUnsubscribeToken(settings.secret, userId, kind);
  return absoluteUrl(settings.siteUrl, `/unsubscribe?token=${encodeURIComponent(token)}`);
}

/** The emails one event still owes: its notifications not yet emailed, to people who want them. */
export async function emailsForEvent(
  db: Db,
  eventId: string,
  settings: MailSettings,
): Promise<OutgoingEmail[]> {
  const rows = await db.notification.findMany({
    where: { eventId, emailedAt: null },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      kind: true,
      title: true,
      body: true,
      link: true,
      userId: true,
      user: { select: { email: true, name: true } },
    },
  });
  const out: OutgoingEmail[] = [];
  for (const row of rows) {
    if (!isEmailKind(row.kind) || !(await wantsEmail(db, row.userId, row.kind))) continue;
    const unsubscribe = unsubscribeUrl(settings, row.userId, row.kind);
    const rendered = renderNotificationEmail({
      recipientName: row.user.name,
      title: row.title,
      body: row.body,
      link: row.link,
      siteUrl: settings.siteUrl,
      unsubscribeUrl: unsubscribe,
      kindLabel: EMAIL_KIND_LABELS[row.kind] ?? row.kind,
    });
    out.push({
      ...rendered,
      notificationId: row.id,
      to: row.user.email,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>` },
    });
  }
  return out;
}

/** Records that a notification's email went out, so a redelivered event does not send it again. */
export async function markEmailed(db: Db, notificationId: string): Promise<void> {
  await db.notification.updateMany({
    where: { id: notificationId, emailedAt: null },
    data: { emailedAt: new Date() },
  });
}
