// Which notifications a person also gets by email: every email kind, unless they unsubscribed
// from it (a row in EmailOptOut). Unsubscribing twice is the same as once.
import { z } from 'zod';

import type { Db, PrismaTransaction } from '@tiffin/db';

import type { NotificationKind } from './notification-kinds';
import { EMAIL_KIND_LABELS, isEmailKind } from './notification-kinds';

export const emailPreferenceInputSchema = z.object({
  kind: z.enum(Object.keys(EMAIL_KIND_LABELS) as [NotificationKind, ...NotificationKind[]], {
    error: 'That kind of notification is never emailed.',
  }),
  email: z.boolean(),
});

export async function wantsEmail(
  db: Db | PrismaTransaction,
  userId: string,
  kind: string,
): Promise<boolean> {
  if (!isEmailKind(kind)) return false;
  const optOut = await db.emailOptOut.findUnique({ where: { userId_kind: { userId, kind } } });
  return optOut === null;
}

export async function unsubscribeFromEmail(
  db: Db | PrismaTransaction,
  userId: string,
  kind: NotificationKind,
): Promise<void> {
  await db.emailOptOut.upsert({
    where: { userId_kind: { userId, kind } },
    create: { userId, kind },
    update: {},
  });
}

export async function setEmailPreference(
  db: Db | PrismaTransaction,
  userId: string,
  kind: NotificationKind,
  email: boolean,
): Promise<void> {
  if (email) await db.emailOptOut.deleteMany({ where: { userId, kind } });
  else await unsubscribeFromEmail(db, userId, kind);
}

/** Each email kind with its label and whether this person gets it by email. */
export async function emailPreferences(db: Db | PrismaTransaction, userId: string) {
  const optOuts = await db.emailOptOut.findMany({ where: { userId }, select: { kind: true } });
  const off = new Set(optOuts.map((o) => o.kind));
  return Object.entries(EMAIL_KIND_LABELS).map(([kind, label]) => ({
    kind: kind as NotificationKind,
    label,
    email: !off.has(kind),
  }));
}
