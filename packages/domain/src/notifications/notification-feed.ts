// A person's own notifications: the panel's pages (newest first), the unread count, and marking
// them read. Every function takes the signed-in user's id and touches that user's rows only.
import { z } from 'zod';

import type { Db, PrismaTransaction } from '@tiffin/db';

import type { NotificationView } from './notification-kinds';

export const NOTIFICATION_PAGE_SIZE = 20;
/** The most ids one markRead call may name (the panel marks what it shows). */
export const MAX_MARK_READ_IDS = 100;

export const notificationListInputSchema = z.object({
  /** The id of the last notification of the previous page; none for the first page. */
  cursor: z.uuid().nullish(),
  limit: z.int().min(1).max(50).default(NOTIFICATION_PAGE_SIZE),
});
export type NotificationListInput = z.input<typeof notificationListInputSchema>;

export const markReadInputSchema = z.object({
  ids: z.array(z.uuid()).min(1).max(MAX_MARK_READ_IDS),
});

const viewSelect = {
  id: true,
  kind: true,
  title: true,
  body: true,
  link: true,
  orderId: true,
  readAt: true,
  createdAt: true,
} as const;

/** One page, newest first; `nextCursor` is null on the last page. */
export async function listNotifications(
  db: Db | PrismaTransaction,
  userId: string,
  input: NotificationListInput = {},
): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
  const { cursor, limit } = notificationListInputSchema.parse(input);
  // Keyset on (createdAt, id): rows written in the same millisecond still page exactly once.
  const after = cursor
    ? await db.notification.findFirst({
        where: { id: cursor, userId },
        select: { id: true, createdAt: true },
      })
    : null;
  const items = await db.notification.findMany({
    where: {
      userId,
      ...(after
        ? {
            OR: [
              { createdAt: { lt: after.createdAt } },
              { createdAt: after.createdAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: viewSelect,
  });
  const more = items.length > limit;
  const page = more ? items.slice(0, limit) : items;
  return { items: page, nextCursor: more ? (page.at(-1)?.id ?? null) : null };
}

export async function unreadNotificationCount(
  db: Db | PrismaTransaction,
  userId: string,
): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/** Marks the named notifications read; ids of someone else's (or unknown) ones change nothing. */
export async function markNotificationsRead(
  db: Db | PrismaTransaction,
  userId: string,
  ids: readonly string[],
): Promise<{ updated: number; unread: number }> {
  const { count } = await db.notification.updateMany({
    where: { userId, id: { in: [...ids] }, readAt: null },
    data: { readAt: new Date() },
  });
  return { updated: count, unread: await unreadNotificationCount(db, userId) };
}

export async function markAllNotificationsRead(
  db: Db | PrismaTransaction,
  userId: string,
): Promise<{ updated: number; unread: number }> {
  const { count } = await db.notification.updateMany({
    where: { userId, readAt: null },
    data: { readAt: new Date() },
  });
  return { updated: count, unread: await unreadNotificationCount(db, userId) };
}

/** Notifications by id, for the live push (the worker hands their ids over). */
export async function notificationsByEvent(
  db: Db | PrismaTransaction,
  eventId: string,
): Promise<(NotificationView & { userId: string })[]> {
  return db.notification.findMany({
    where: { eventId },
    orderBy: { createdAt: 'asc' },
    select: { ...viewSelect, userId: true },
  });
}
