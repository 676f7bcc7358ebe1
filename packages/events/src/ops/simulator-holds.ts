// Simulator holds, for e2e tests only: while an order is held at a point of its timeline, the
// simulator does not take the step that leaves that point, so a test can assert an in-between
// tracking state without racing the clock. The web app's QA API sets holds; the worker's
// simulator reads them. A hold expires on its own, so a crashed test never stalls an order.
import { z } from 'zod';

import type { deliveryStatusSchema, orderStatusSchema } from '../contract/catalog';
import type { RedisClient } from '../redis-client';
import { simulatorHoldKey } from '../contract/keys';

/**
 * The customer's timeline, as the tracking page shows it: the order's statuses up to the
 * courier's pick-up, then `on_the_way` (the order out for delivery, its courier riding).
 */
export const HOLD_POINTS = [
  'created',
  'confirmed',
  'preparing',
  'ready_for_pickup',
  'on_the_way',
] as const;

export const holdPointSchema = z.enum(HOLD_POINTS, {
  error: `Hold at one of: ${HOLD_POINTS.join(', ')}`,
});
export type HoldPoint = z.infer<typeof holdPointSchema>;

/** Where an order is: a hold point, or past them all. */
export type TimelinePoint = HoldPoint | 'delivered' | 'cancelled';

/** Long enough for any e2e test, short enough that a crashed one does not stall its order long. */
export const HOLD_TTL_MS = 10 * 60_000;

/** The key that holds one order (see contract/keys.ts). */
export const holdKey = simulatorHoldKey;

/** Holds the order at `at` (replacing any earlier hold of it) for `ttlMs`. */
export async function holdOrder(
  redis: RedisClient,
  orderId: string,
  at: HoldPoint,
  ttlMs: number = HOLD_TTL_MS,
): Promise<void> {
  await redis.set(holdKey(orderId), at, 'PX', ttlMs);
}

/** Lifts the hold; false when there was none (never held, released, or expired). */
export async function releaseOrder(redis: RedisClient, orderId: string): Promise<boolean> {
  return (await redis.del(holdKey(orderId))) === 1;
}

/** The point the order is held at, or null. */
export async function heldAt(redis: RedisClient, orderId: string): Promise<HoldPoint | null> {
  const parsed = holdPointSchema.safeParse(await redis.get(holdKey(orderId)));
  return parsed.success ? parsed.data : null;
}

/** The order's place on the customer's timeline, from its status and its delivery's. */
export function timelinePoint(
  order: z.infer<typeof orderStatusSchema>,
  delivery: z.infer<typeof deliveryStatusSchema> | null,
): TimelinePoint {
  // Unpaid, the order has not reached the kitchen's first point yet; it counts as that point.
  if (order === 'awaiting_payment') return 'created';
  if (order !== 'out_for_delivery') return order;
  // The delivery is delivered a moment before the delivery consumer marks the order so.
  return delivery === 'delivered' ? 'delivered' : 'on_the_way';
}

const TIMELINE: readonly TimelinePoint[] = [...HOLD_POINTS, 'delivered'];

/** True when an order at `current` can never be at `at` again (a hold there cannot matter). */
export function hasLeft(current: TimelinePoint, at: HoldPoint): boolean {
  if (current === 'cancelled') return true;
  return TIMELINE.indexOf(current) > TIMELINE.indexOf(at);
}
