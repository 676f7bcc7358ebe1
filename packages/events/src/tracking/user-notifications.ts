// Live notifications: each new notification goes to its recipient's own stream (whose ids a
// reconnecting bell resumes from) and to the tracking fan-out every web process reads, at most
// once per notification id, in one Lua call. The rows themselves live in PostgreSQL.
import type { Redis } from 'ioredis';

import { z } from 'zod';

import {
  notificationPushedKey,
  TRACKING_FANOUT_STREAM,
  userNotificationStream,
} from '../contract/keys';
import { TRACKING_FANOUT_MAX_LEN } from './tracking-projection';

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
 * KEYS: pushed marker, the user's stream, the fan-out. ARGV: push JSON, user id, user max,
 * fan-out max, ttl. Returns the user-stream id; a repeat returns the first one.
 */
const PUSH = `
local previous = redis.call('GET', KEYS[1])
if previous then return previous end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'notification', ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[5])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', 'key', ARGV[2], 'kind', 'user', 'trackId', id,
  'notification', ARGV[1])
redis.call('SET', KEYS[1], id, 'EX', ARGV[5])
return id`;

/** Pushes one notification to its recipient's bells; idempotent per notification id. */
export async function pushNotification(
  redis: Redis,
  userId: string,
  push: NotificationPush,
): Promise<string> {
  const result = await redis.eval(
    PUSH,
    3,
    notificationPushedKey(push.id),
    userNotificationStream(userId),
    TRACKING_FANOUT_STREAM,
    JSON.stringify(notificationPushSchema.parse(push)),
    userId,
    USER_NOTIFICATION_MAX_LEN,
    TRACKING_FANOUT_MAX_LEN,
    USER_NOTIFICATION_TTL_SECONDS,
  );
  return String(result);
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
