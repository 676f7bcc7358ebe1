// Live notifications: each new notification goes to its recipient's own stream (whose ids a
// reconnecting bell resumes from) and to the tracking fan-out every web process reads, at most
// once per notification id. The rows themselves live in PostgreSQL.
import { z } from 'zod';

import type { RedisClient } from '../redis-client';
import {
  fanoutSeenKey,
  notificationPushedKey,
  trackingFanoutStream,
  userNotificationStream,
} from '../contract/keys';
import { appendOnce, TRACKING_FANOUT_MAX_LEN } from './tracking-projection';

/** What a bell receives for one new notification. */
export const notificationPushSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  orderId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export type NotificationPush = z.infer<typeof notificationPushSchema>;

/** Kept per person: more than a bell that was offline for a while needs to catch up. */
export const USER_NOTIFICATION_MAX_LEN = 200;
export const USER_NOTIFICATION_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Pushes one notification to its recipient's bells; idempotent per notification id. Two writes,
 * each once (its own slot): the person's stream, then the fan-out that names its id.
 */
export async function pushNotification(
  redis: RedisClient,
  userId: string,
  push: NotificationPush,
): Promise<string> {
  const json = JSON.stringify(notificationPushSchema.parse(push));
  const id = await appendOnce(
    redis,
    { seen: notificationPushedKey(userId, push.id), stream: userNotificationStream(userId) },
    USER_NOTIFICATION_MAX_LEN,
    USER_NOTIFICATION_TTL_SECONDS,
    ['notification', json],
  );
  const fanout = trackingFanoutStream(userId);
  await appendOnce(
    redis,
    { seen: fanoutSeenKey(fanout, push.id), stream: fanout },
    TRACKING_FANOUT_MAX_LEN,
    0,
    ['key', userId, 'kind', 'user', 'trackId', id, 'notification', json],
  );
  return id;
}

export interface NotificationEntry {
  /** The id in the recipient's own stream: what `lastEventId` names. */
  id: string;
  notification: NotificationPush;
}

/** Parses a stream field holding a push; null for anything malformed. */
export function parseNotificationPush(json: string | undefined): NotificationPush | null {
  if (!json) return null;
  try {
    const parsed = notificationPushSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
