// Live notifications: each new notification goes to its recipient's own stream (whose ids a
// reconnecting bell resumes from) and to the tracking fan-out every web process reads, at most
// once per notification id. The rows themselves live in PostgreSQL.
import { z } from 'zod';

import type { RedisClient } from '../redis-client';
import type { HistoryAppend } from './tracking-projection';
import {
  fanoutSeenKey,
  notificationPushedKey,
  trackingFanoutStream,
  userNotificationStream,
} from '../contract/keys';
import { isCluster } from '../redis-client';
import {
  appendHistoryOnce,
  appendOnce,
  inTurn,
  ONCE_FUNCTION,
  TRACKING_FANOUT_MAX_LEN,
} from './tracking-projection';

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
 * KEYS: pushed marker, the user's stream, fan-out seen marker, the fan-out. ARGV: push JSON,
 * user id, user max, fan-out max, ttl. One script on a single node; returns the user-stream id.
 */
const PUSH = `${ONCE_FUNCTION}
local id = once(KEYS[1], KEYS[2], ARGV[3], ARGV[5], false, {'notification', ARGV[1]})
once(KEYS[3], KEYS[4], ARGV[4], 0, false, {'key', ARGV[2], 'kind', 'user', 'trackId', id,
  'notification', ARGV[1]})
return id`;

/**
 * Pushes one notification to its recipient's bells; idempotent per notification id: the
 * person's stream, then the fan-out that names its id (one script on a single node; a script
 * per slot on a cluster).
 */
export async function pushNotification(
  redis: RedisClient,
  userId: string,
  push: NotificationPush,
): Promise<string> {
  const json = JSON.stringify(notificationPushSchema.parse(push));
  const fanout = trackingFanoutStream(userId);
  if (!isCluster(redis)) {
    const result = await redis.eval(
      PUSH,
      4,
      notificationPushedKey(userId, push.id),
      userNotificationStream(userId),
      fanoutSeenKey(fanout, push.id),
      fanout,
      json,
      userId,
      USER_NOTIFICATION_MAX_LEN,
      TRACKING_FANOUT_MAX_LEN,
      USER_NOTIFICATION_TTL_SECONDS,
    );
    return String(result);
  }
  return inTurn(`user:${userId}`, () => pushInSteps(redis, userId, push.id, json));
}

/** The cluster's push: the person's stream, then the fan-out, each once in its own slot. */
async function pushInSteps(
  redis: RedisClient,
  userId: string,
  notificationId: string,
  json: string,
): Promise<string> {
  const appended = await appendToUserStream(redis, userId, notificationId, json);
  await appendUserFanout(redis, userId, notificationId, json, appended);
  return appended.id;
}

/** A cluster push's first step: the person's own stream, once per notification. */
export async function appendToUserStream(
  redis: RedisClient,
  userId: string,
  notificationId: string,
  json: string,
): Promise<HistoryAppend> {
  return appendHistoryOnce(
    redis,
    { seen: notificationPushedKey(userId, notificationId), stream: userNotificationStream(userId) },
    USER_NOTIFICATION_MAX_LEN,
    USER_NOTIFICATION_TTL_SECONDS,
    ['notification', json],
  );
}

/** A cluster push's last step: the fan-out entry naming the stream entry and its predecessor. */
export async function appendUserFanout(
  redis: RedisClient,
  userId: string,
  notificationId: string,
  json: string,
  { id, previousId }: HistoryAppend,
): Promise<void> {
  const fanout = trackingFanoutStream(userId);
  await appendOnce(
    redis,
    { seen: fanoutSeenKey(fanout, notificationId), stream: fanout },
    TRACKING_FANOUT_MAX_LEN,
    0,
    [
      'key',
      userId,
      'kind',
      'user',
      'trackId',
      id,
      'previousTrackId',
      previousId,
      'notification',
      json,
    ],
  );
}

export interface NotificationEntry {
  /** The id in the recipient's own stream: what `lastEventId` names. */
  id: string;
  /** The stream's entry before this one, when the fan-out may carry them out of order (cluster). */
  previousId?: string;
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
