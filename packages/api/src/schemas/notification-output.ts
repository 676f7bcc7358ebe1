// What notification.* sends: pages of the signed-in person's notifications and unread counts.
import { z } from 'zod';

import { NOTIFICATION_KINDS } from '@tiffin/domain';

import { outputDate, outputId, outputText } from './output-fields';

export const notificationSchema = z
  .object({
    id: outputId(),
    /** One of the kinds below; an older row may carry a kind since retired, so any text. */
    kind: outputText().meta({ examples: [...NOTIFICATION_KINDS] }),
    title: outputText(),
    body: outputText(),
    /** A path on the site, e.g. the order's page. */
    link: outputText().nullable(),
    orderId: outputId().nullable(),
    readAt: outputDate().nullable(),
    createdAt: outputDate(),
  })
  .meta({ id: 'Notification' });

export const notificationPageSchema = z
  .object({
    items: z.array(notificationSchema),
    /** Pass as `cursor` for the next page; null on the last. */
    nextCursor: outputId().nullable(),
  })
  .meta({ id: 'NotificationPage' });

export const unreadCountSchema = z.object({ unread: z.int() });

export const markedReadSchema = z.object({
  /** How many notifications this call marked. */
  updated: z.int(),
  unread: z.int(),
});
