// The tracking projection: order and delivery events go to a per-order history stream (whose ids
// are what tracking clients resume from), to their restaurant's history stream (what kitchen
// boards resume from) and to one fan-out stream that every web process reads; menu events only
// to the fan-out. One Lua call does all of it, at most once per event id, so a redelivered event
// never shows up twice in anyone's timeline.
import type { Redis } from 'ioredis';

import type { Envelope } from '../contract/envelope';
import {
  orderHistoryStream,
  orderSnapshotKey,
  restaurantHistoryStream,
  TRACKING_FANOUT_STREAM,
  TRACKING_PLACEHOLDER_KEY,
  trackingSeenKey,
} from '../contract/keys';

export const TRACKING_FANOUT_MAX_LEN = 10_000;
/** History kept per order; a few dozen events cover any order's life. */
export const ORDER_HISTORY_MAX_LEN = 200;
export const ORDER_HISTORY_TTL_SECONDS = 7 * 24 * 60 * 60;
/** History kept per restaurant: a busy evening's events, for boards that reconnect. */
export const RESTAURANT_HISTORY_MAX_LEN = 2_000;

/**
 * KEYS: seen, fan-out, order history, snapshot cache, restaurant history (events without an order
 * or a restaurant pass a placeholder, in the same hash slot, so the script stays legal on Redis
 * Cluster).
 * ARGV: envelope JSON, fan-out key (order or restaurant id), kind, history max, fan-out max, ttl,
 * restaurant id ('' when the event names none), restaurant history max.
 * Returns the history id (or the fan-out id for menu events); a repeat returns the first one.
 */
const PROJECT = `
local previous = redis.call('GET', KEYS[1])
if previous then return previous end
local id
if ARGV[3] == 'order' then
  id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', 'envelope', ARGV[1])
  redis.call('EXPIRE', KEYS[3], ARGV[6])
  redis.call('DEL', KEYS[4])
  local restaurantTrackId = ''
  if ARGV[7] ~= '' then
    restaurantTrackId = redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[8], '*', 'envelope', ARGV[1])
    redis.call('EXPIRE', KEYS[5], ARGV[6])
  end
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'key', ARGV[2], 'kind', ARGV[3], 'trackId', id,
    'restaurantId', ARGV[7], 'restaurantTrackId', restaurantTrackId, 'envelope', ARGV[1])
else
  id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'key', ARGV[2], 'kind', ARGV[3], 'trackId', '', 'envelope', ARGV[1])
end
redis.call('SET', KEYS[1], id, 'EX', ARGV[6])
return id`;

export type TrackingKind = 'order' | 'menu';

/** Which tracking channel an event belongs to, or null when no one tracks it. */
export function trackingTarget(envelope: Envelope): { kind: TrackingKind; key: string } | null {
  const payload = envelope.payload as { orderId?: string; restaurantId?: string };
  if (envelope.type.startsWith('order.') || envelope.type.startsWith('delivery.')) {
    return payload.orderId ? { kind: 'order', key: payload.orderId } : null;
  }
  if (envelope.type === 'menu.stock_changed.v1' && payload.restaurantId) {
    return { kind: 'menu', key: payload.restaurantId };
  }
  return null;
}

/** The restaurant an order or delivery event belongs to (older status events name none). */
export function restaurantOf(envelope: Envelope): string | null {
  const { restaurantId } = envelope.payload as { restaurantId?: unknown };
  return typeof restaurantId === 'string' ? restaurantId : null;
}

/** Projects one event for tracking; idempotent per event id. Returns its tracking id. */
export async function projectForTracking(redis: Redis, envelope: Envelope): Promise<string | null> {
  const target = trackingTarget(envelope);
  if (!target) return null;
  const isOrder = target.kind === 'order';
  const restaurantId = isOrder ? restaurantOf(envelope) : null;
  const result = await redis.eval(
    PROJECT,
    5,
    trackingSeenKey(envelope.eventId),
    TRACKING_FANOUT_STREAM,
    isOrder ? orderHistoryStream(target.key) : TRACKING_PLACEHOLDER_KEY,
    isOrder ? orderSnapshotKey(target.key) : TRACKING_PLACEHOLDER_KEY,
    restaurantId ? restaurantHistoryStream(restaurantId) : TRACKING_PLACEHOLDER_KEY,
    JSON.stringify(envelope),
    target.key,
    target.kind,
    ORDER_HISTORY_MAX_LEN,
    TRACKING_FANOUT_MAX_LEN,
    ORDER_HISTORY_TTL_SECONDS,
    restaurantId ?? '',
    RESTAURANT_HISTORY_MAX_LEN,
  );
  return String(result);
}
