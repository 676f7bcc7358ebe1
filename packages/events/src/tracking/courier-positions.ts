// Courier positions: ephemeral, so they live in Redis with a TTL, never in PostgreSQL. Each report
// replaces the order's and the courier's latest position and goes out on the tracking fan-out,
// where the order's tracking subscribers pick it up. A resumed subscription gets the latest one
// only: a route's past points are of no use to anyone.
import { z } from 'zod';

import type { RedisClient } from '../redis-client';
import {
  courierPositionKey,
  orderPositionKey,
  positionRateKey,
  trackingFanoutStream,
} from '../contract/keys';
import { TRACKING_FANOUT_MAX_LEN } from './tracking-projection';

export const courierPositionSchema = z.object({
  orderId: z.uuid(),
  courierId: z.uuid(),
  lat: z.number(),
  lng: z.number(),
  at: z.iso.datetime(),
  /** From the previous report of this delivery; null for the first one. */
  speedKmh: z.number().nonnegative().nullable(),
});

export type CourierPosition = z.infer<typeof courierPositionSchema>;

export interface PositionReportInput {
  orderId: string;
  courierId: string;
  lat: number;
  lng: number;
  at?: Date;
}

export interface PositionOptions {
  /** How long a position is kept after its report. */
  ttlSeconds: number;
  /** The distance between two points in km (the domain's geometry), for the courier's speed. */
  distanceKm: (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => number;
}

/**
 * Whether the courier may report now: at most one report per `intervalMs`. Returns the wait left
 * when not (the caller answers TOO_MANY_REQUESTS with it).
 */
export async function takePositionSlot(
  redis: RedisClient,
  courierId: string,
  intervalMs: number,
): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }> {
  const key = positionRateKey(courierId);
  const set = await redis.set(key, '1', 'PX', intervalMs, 'NX');
  if (set === 'OK') return { allowed: true };
  const ttl = await redis.pttl(key);
  return { allowed: false, retryAfterMs: ttl > 0 ? ttl : intervalMs };
}

function parse(json: string | null): CourierPosition | null {
  if (!json) return null;
  try {
    const parsed = courierPositionSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Keeps the position as the order's and the courier's latest, and sends it to the order's trackers. */
export async function recordCourierPosition(
  redis: RedisClient,
  report: PositionReportInput,
  opts: PositionOptions,
): Promise<CourierPosition> {
  const at = report.at ?? new Date();
  const previous = parse(await redis.get(orderPositionKey(report.orderId)));
  const hours = previous ? (at.getTime() - Date.parse(previous.at)) / 3_600_000 : 0;
  const position: CourierPosition = {
    orderId: report.orderId,
    courierId: report.courierId,
    lat: report.lat,
    lng: report.lng,
    at: at.toISOString(),
    speedKmh:
      previous && previous.courierId === report.courierId && hours > 0
        ? Math.round((opts.distanceKm(previous, report) / hours) * 10) / 10
        : null,
  };
  const json = JSON.stringify(position);
  // Three keys in three slots: separate writes (a lost one is replaced by the next report).
  await Promise.all([
    redis.set(orderPositionKey(report.orderId), json, 'EX', opts.ttlSeconds),
    redis.set(courierPositionKey(report.courierId), json, 'EX', opts.ttlSeconds),
    redis.xadd(
      trackingFanoutStream(report.orderId),
      'MAXLEN',
      '~',
      TRACKING_FANOUT_MAX_LEN,
      '*',
      'kind',
      'position',
      'key',
      report.orderId,
      'position',
      json,
    ),
  ]);
  return position;
}

export async function latestOrderPosition(
  redis: RedisClient,
  orderId: string,
): Promise<CourierPosition | null> {
  return parse(await redis.get(orderPositionKey(orderId)));
}

/** Each courier's latest position (null when none within the TTL), in the order asked. */
export async function latestCourierPositions(
  redis: RedisClient,
  courierIds: readonly string[],
): Promise<(CourierPosition | null)[]> {
  if (courierIds.length === 0) return [];
  // One GET each: the couriers' keys sit in different slots.
  const values = await Promise.all(courierIds.map((id) => redis.get(courierPositionKey(id))));
  return values.map(parse);
}

/** Forgets an order's position once its delivery is over. */
export async function clearOrderPosition(redis: RedisClient, orderId: string): Promise<void> {
  await redis.del(orderPositionKey(orderId));
}
