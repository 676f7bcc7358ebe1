// The `notifications` consumer group: order, delivery and payment events become Notification rows for the
// people concerned (the rules are in @tiffin/domain's notifications folder), once per event
// through the inbox, then ring their bells live. The push is idempotent per notification, so a
// redelivery after a crash between the commit and the push rings them then, and only once.
// Email kinds are then mailed to those who want them; a failed send throws, so the runner retries
// the event and dead-letters it at the end, and a retry sends only what has not gone out yet.
import type { Db } from '@tiffin/db';
import type { MailSettings } from '@tiffin/domain';
import type { Envelope, RedisClient } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import {
  emailsForEvent,
  markEmailed,
  notificationsByEvent,
  processOnce,
  recordNotifications,
} from '@tiffin/domain';
import { pushNotification, STREAMS } from '@tiffin/events';

import type { Mailer } from '../mailer';
import { defineConsumer } from './consumer-declaration';

/** How the consumer mails: null sends no email (no SMTP_URL). */
export type NotificationMail = { mailer: Mailer; settings: MailSettings } | null;

export const NOTIFICATIONS_GROUP = 'notifications';

/** The events that can notify anyone; the rest of the streams' events are skipped unrecorded. */
const NOTIFYING_EVENTS = new Set<string>([
  'order.created.v1',
  'order.status_changed.v1',
  'delivery.created.v1',
  'delivery.status_changed.v1',
  'payment.failed.v1',
  'payment.refunded.v1',
]);

export const notificationsConsumer = defineConsumer({
  group: NOTIFICATIONS_GROUP,
  streams: [STREAMS.orders, STREAMS.deliveries],
  handler: ({ db, redis, mail }) => {
    return (envelope, log) => notificationsHandler(db, redis, log, mail)(envelope);
  },
});

/** The group's work for one event: the rows once (inbox), then the live push (idempotent). */
export function notificationsHandler(
  db: Db,
  redis: RedisClient,
  log: Logger,
  mail: NotificationMail = null,
) {
  return async (envelope: Envelope): Promise<void> => {
    if (!NOTIFYING_EVENTS.has(envelope.type)) return;
    const result = await processOnce(db, NOTIFICATIONS_GROUP, envelope, (tx) =>
      recordNotifications(tx, envelope),
    );
    const rows = await notificationsByEvent(db, envelope.eventId);
    for (const row of rows) {
      await pushNotification(redis, row.userId, {
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        orderId: row.orderId,
        createdAt: row.createdAt.toISOString(),
      });
    }
    if (result.applied && result.result.length > 0) {
      log.info('notifications written', { count: result.result.length });
    }
    if (!mail) return;
    for (const email of await emailsForEvent(db, envelope.eventId, mail.settings)) {
      await mail.mailer.send(email);
      await markEmailed(db, email.notificationId);
      log.info('notification emailed', { notificationId: email.notificationId });
    }
  };
}
