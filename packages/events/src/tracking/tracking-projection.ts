// The tracking projection: order and delivery events go to a per-order history stream (whose ids
// are what tracking clients resume from), to their restaurant's history stream (what kitchen
// boards resume from) and to a fan-out partition that every web process reads; menu events only
// to the fan-out. Each of the three writes is one Lua call in its own key's slot, at most once
// per event id there, so a redelivered event never shows up twice in anyone's timeline, and a
// redelivery after a crash between writes finishes the ones still missing. The fan-out goes last:
// a web process never announces an id the history does not hold yet.
import type { Envelope } from '../contract/envelope';
import type { RedisClient } from '../redis-client';
import {
  fanoutSeenKey,
  orderHistoryStream,
  orderSnapshotKey,
  orderTrackingSeenKey,
  restaurantHistoryStream,
  restaurantTrackingSeenKey,
  trackingFanoutStream,
} from '../contract/keys';

export const TRACKING_FANOUT_MAX_LEN = 10_000;
/** History kept per order; a few dozen events cover any order's life. */
export const ORDER_HISTORY_MAX_LEN = 200;
export const ORDER_HISTORY_TTL_SECONDS = 7 * 24 * 60 * 60;
/** History kept per restaurant: a busy evening's events, for boards that reconnect. */
export const RESTAURANT_HISTORY_MAX_LEN = 2_000;

/**
 * Appends to one stream once per event. KEYS: seen marker, stream, key deleted on each append
 * (the order's snapshot cache, or the stream itself again when there is none).
 * ARGV: max length, ttl (0: no expiry on the stream), then the entry's field/value pairs.
 * Returns the entry's id; a repeat returns the first one.
 */
const APPEND_ONCE = `
local previous = redis.call('GET', KEYS[1])
if previous then return previous end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 3))
if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
if KEYS[3] ~= KEYS[2] then redis.call('DEL', KEYS[3]) end
redis.call('SET', KEYS[1], id, 'EX', ${ORDER_HISTORY_TTL_SECONDS})
return id`;

/** One slot's write of a projection step; idempotent per seen marker. */
export async function appendOnce(
  redis: RedisClient,
  keys: { seen: string; stream: string; invalidate?: string },
  maxLen: number,
  ttlSeconds: number,
  fields: readonly string[],
): Promise<string> {
  const result = await redis.eval(
    APPEND_ONCE,
    3,
    keys.seen,
    keys.stream,
    keys.invalidate ?? keys.stream,
    maxLen,
    ttlSeconds,
    ...fields,
  );
  return String(result);
}

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
export async function projectForTracking(
  redis: RedisClient,
  envelope: Envelope,
): Promise<string | null> {
  const target = trackingTarget(envelope);
  if (!target) return null;
  const json = JSON.stringify(envelope);
  const { eventId } = envelope;
  if (target.kind === 'menu') {
    const fanout = trackingFanoutStream(target.key);
    return appendOnce(
      redis,
      { seen: fanoutSeenKey(fanout, eventId), stream: fanout },
      TRACKING_FANOUT_MAX_LEN,
      0,
      ['key', target.key, 'kind', 'menu', 'trackId', '', 'envelope', json],
    );
  }
  const orderId = target.key;
  const trackId = await appendOnce(
    redis,
    {
      seen: orderTrackingSeenKey(orderId, eventId),
      stream: orderHistoryStream(orderId),
      invalidate: orderSnapshotKey(orderId),
    },
    ORDER_HISTORY_MAX_LEN,
    ORDER_HISTORY_TTL_SECONDS,
    ['envelope', json],
  );
  const restaurantId = restaurantOf(envelope);
  const restaurantTrackId = restaurantId
    ? await appendOnce(
        redis,
        {
          seen: restaurantTrackingSeenKey(restaurantId, eventId),
          stream: restaurantHistoryStream(restaurantId),
        },
        RESTAURANT_HISTORY_MAX_LEN,
        ORDER_HISTORY_TTL_SECONDS,
        ['envelope', json],
      )
    : '';
  // Same partition as the order's events: a restaurant's board sees them in order.
  const fanout = trackingFanoutStream(restaurantId ?? orderId);
  await appendOnce(
    redis,
    { seen: fanoutSeenKey(fanout, eventId), stream: fanout },
    TRACKING_FANOUT_MAX_LEN,
    0,
    [
      ...['key', orderId, 'kind', 'order', 'trackId', trackId],
      ...['restaurantId', restaurantId ?? '', 'restaurantTrackId', restaurantTrackId],
      ...['envelope', json],
    ],
  );
  return trackId;
}
