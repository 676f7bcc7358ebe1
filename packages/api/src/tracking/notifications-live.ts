// notification.live: the signed-in person's new notifications as they are written, each sent as
// tracked(id, message) with the id from that person's notification stream, together with the
// unread count, so a bell that reconnects with lastEventId gets exactly what it missed, on any
// web instance. A fresh subscription starts with `subscribed` and the current unread count.
import { tracked } from '@trpc/server';

import type { Db } from '@tiffin/db';
import type { NotificationEntry, NotificationPush, TrackingHub } from '@tiffin/events';
import { unreadNotificationCount } from '@tiffin/domain';
import { inHistoryOrder } from '@tiffin/events';

import { createAsyncQueue } from './async-queue';

export type NotificationMessage =
  | { kind: 'subscribed'; unread: number }
  | {
      kind: 'notification';
      notification: Omit<NotificationPush, 'createdAt'> & { createdAt: Date };
      unread: number;
    };

export async function* watchNotifications(opts: {
  db: Db;
  hub: TrackingHub;
  userId: string;
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
}) {
  const { db, hub, userId } = opts;
  // Buffers live entries from the moment we subscribe, while the backlog goes out.
  const live = createAsyncQueue<NotificationEntry>(opts.signal);
  const unsubscribe = await hub.subscribeNotifications(userId, (entry) => live.push(entry));
  const message = async (entry: NotificationEntry): Promise<NotificationMessage> => ({
    kind: 'notification',
    notification: { ...entry.notification, createdAt: new Date(entry.notification.createdAt) },
    unread: await unreadNotificationCount(db, userId),
  });
  try {
    let lastId: string;
    if (opts.lastEventId) {
      lastId = opts.lastEventId;
      for (const entry of await hub.notificationHistory(userId, lastId)) {
        lastId = entry.id;
        yield tracked(entry.id, await message(entry));
      }
    } else {
      lastId = (await hub.latestNotificationId(userId)) ?? '0-0';
      const unread = await unreadNotificationCount(db, userId);
      yield tracked(lastId, { kind: 'subscribed', unread } satisfies NotificationMessage);
    }
    for await (const arrived of live) {
      for (const entry of await inHistoryOrder(arrived, lastId, (id) =>
        hub.notificationHistory(userId, id),
      )) {
        lastId = entry.id;
        yield tracked(entry.id, await message(entry));
      }
    }
  } finally {
    live.close();
    unsubscribe();
  }
}
