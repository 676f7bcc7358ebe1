// The tracking projection: order and delivery events go to a per-order history stream (whose ids
// are what tracking clients resume from), to their restaurant's history stream (what kitchen
// boards resume from) and to a fan-out partition that every web process reads (its partition
// follows the restaurant, so a board's events stay in order); menu events only to the fan-out.
// Each write happens at most once per event id, so a redelivered event never shows up twice in
// anyone's timeline. On a single node the three writes are one Lua script; on a cluster each is a
// script in its own slot, the fan-out last, and a redelivery after a crash between them finishes
// the ones still missing.
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
import { isCluster } from '../redis-client';

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
 * Returns "id previousId": the entry's id and the stream's entry before it (empty for a first
 * entry), which a cluster's fan-out carries so a subscriber that sees an entry out of history
 * order reads the history back instead of dropping one. A repeat returns the first answer.
 */
const APPEND_ONCE = `
local previous = redis.call('GET', KEYS[1])
if previous then return previous end
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
local before = ''
if last[1] then before = last[1][1] end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 3))
if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
if KEYS[3] ~= KEYS[2] then redis.call('DEL', KEYS[3]) end
local result = id .. ' ' .. before
redis.call('SET', KEYS[1], result, 'EX', ${ORDER_HISTORY_TTL_SECONDS})
return result`;

/** The Lua function every projection script shares: APPEND_ONCE as a function. */
export const ONCE_FUNCTION = `
local function once(seen, stream, maxlen, ttl, invalidate, fields)
  local previous = redis.call('GET', seen)
  if previous then return previous end
  local id = redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', unpack(fields))
  if tonumber(ttl) > 0 then redis.call('EXPIRE', stream, ttl) end
  if invalidate then redis.call('DEL', invalidate) end
  redis.call('SET', seen, id, 'EX', ${ORDER_HISTORY_TTL_SECONDS})
  return id
end`;

/**
 * The three steps of an order event in one script, for a single node (which has no slot rule):
 * atomic, so the fan-out's order always matches the histories'. KEYS: order seen, order history,
 * snapshot, restaurant seen, restaurant history, fan-out seen, fan-out (placeholders repeat the
 * first key). ARGV: envelope JSON, order id, restaurant id ('' for none), history max,
 * restaurant history max, fan-out max, ttl.
 */
const PROJECT_ORDER = `${ONCE_FUNCTION}
local trackId = once(KEYS[1], KEYS[2], ARGV[4], ARGV[7], KEYS[3], {'envelope', ARGV[1]})
local restaurantTrackId = ''
if ARGV[3] ~= '' then
  restaurantTrackId = once(KEYS[4], KEYS[5], ARGV[5], ARGV[7], false, {'envelope', ARGV[1]})
end
once(KEYS[6], KEYS[7], ARGV[6], 0, false, {'key', ARGV[2], 'kind', 'order', 'trackId', trackId,
  'restaurantId', ARGV[3], 'restaurantTrackId', restaurantTrackId, 'envelope', ARGV[1]})
return trackId`;

/**
 * Runs `work` after the previous work queued under the same key in this process has settled: a
 * cluster's steps of two events of one order (read by two runners) never interleave here.
 */
const queues = new Map<string, Promise<unknown>>();
export async function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  try {
    return await next;
  } finally {
    if (queues.get(key) === settled) queues.delete(key);
  }
}

/** One slot's write of a projection step; idempotent per seen marker. Returns the entry's id. */
export async function appendOnce(
  redis: RedisClient,
  keys: { seen: string; stream: string; invalidate?: string },
  maxLen: number,
  ttlSeconds: number,
  fields: readonly string[],
): Promise<string> {
  return (await appendHistoryOnce(redis, keys, maxLen, ttlSeconds, fields)).id;
}

/** A history append: its id, and the id of the stream's entry before it ('' for the first). */
export interface HistoryAppend {
  id: string;
  previousId: string;
}

/** appendOnce for a history stream, also returning the entry before it. */
export async function appendHistoryOnce(
  redis: RedisClient,
  keys: { seen: string; stream: string; invalidate?: string },
  maxLen: number,
  ttlSeconds: number,
  fields: readonly string[],
): Promise<HistoryAppend> {
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
  const [id = '', previousId = ''] = String(result).split(' ');
  return { id, previousId };
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
  const restaurantId = restaurantOf(envelope);
  const fanout = trackingFanoutStream(restaurantId ?? orderId);
  if (!isCluster(redis)) {
    const orderSeen = orderTrackingSeenKey(orderId, eventId);
    const result = await redis.eval(
      PROJECT_ORDER,
      7,
      orderSeen,
      orderHistoryStream(orderId),
      orderSnapshotKey(orderId),
      restaurantId ? restaurantTrackingSeenKey(restaurantId, eventId) : orderSeen,
      restaurantId ? restaurantHistoryStream(restaurantId) : orderSeen,
      fanoutSeenKey(fanout, eventId),
      fanout,
      json,
      orderId,
      restaurantId ?? '',
      ORDER_HISTORY_MAX_LEN,
      RESTAURANT_HISTORY_MAX_LEN,
      TRACKING_FANOUT_MAX_LEN,
      ORDER_HISTORY_TTL_SECONDS,
    );
    return String(result);
  }
  // One slot per step on a cluster; one order's events take their turn so the fan-out keeps the
  // history's order within a process; across processes the previous ids let readers reorder.
  return inTurn(orderId, () => projectInSteps(redis, envelope, orderId, restaurantId));
}

/** Where one order event's history entries landed: the order's, and its restaurant's if any. */
export interface ProjectedHistories {
  order: HistoryAppend;
  restaurant: HistoryAppend | null;
}

/**
 * The cluster's projection: three idempotent writes, each in its own slot, the fan-out last. The
 * fan-out names each history entry's predecessor, since two workers' fan-outs can swap places.
 */
async function projectInSteps(
  redis: RedisClient,
  envelope: Envelope,
  orderId: string,
  restaurantId: string | null,
): Promise<string> {
  const histories = await appendToHistories(redis, envelope, orderId, restaurantId);
  await appendToFanout(redis, envelope, histories);
  return histories.order.id;
}

/** The first two steps on a cluster: the order's history, then its restaurant's, each once. */
export async function appendToHistories(
  redis: RedisClient,
  envelope: Envelope,
  orderId: string,
  restaurantId: string | null,
): Promise<ProjectedHistories> {
  const json = JSON.stringify(envelope);
  const { eventId } = envelope;
  const order = await appendHistoryOnce(
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
  const restaurant = restaurantId
    ? await appendHistoryOnce(
        redis,
        {
          seen: restaurantTrackingSeenKey(restaurantId, eventId),
          stream: restaurantHistoryStream(restaurantId),
        },
        RESTAURANT_HISTORY_MAX_LEN,
        ORDER_HISTORY_TTL_SECONDS,
        ['envelope', json],
      )
    : null;
  return { order, restaurant };
}

/** The last step on a cluster: the fan-out entry, once, naming both histories' entries. */
export async function appendToFanout(
  redis: RedisClient,
  envelope: Envelope,
  { order, restaurant }: ProjectedHistories,
): Promise<void> {
  const { orderId } = envelope.payload as { orderId: string };
  const restaurantId = restaurantOf(envelope);
  const fanout = trackingFanoutStream(restaurantId ?? orderId);
  await appendOnce(
    redis,
    { seen: fanoutSeenKey(fanout, envelope.eventId), stream: fanout },
    TRACKING_FANOUT_MAX_LEN,
    0,
    [
      ...[
        'key',
        orderId,
        'kind',
        'order',
        'trackId',
        order.id,
        'previousTrackId',
        order.previousId,
      ],
      ...['restaurantId', restaurantId ?? '', 'restaurantTrackId', restaurant?.id ?? ''],
      ...['previousRestaurantTrackId', restaurant?.previousId ?? ''],
      ...['envelope', JSON.stringify(envelope)],
    ],
  );
}
