// A kitchen's pace (the medians of its recent orders, see kitchenTimings) shared by every order.track
// of this process for a few seconds: ten thousand subscriptions to one restaurant's orders ran the
// same percentile query ten thousand times, for estimates that move over minutes, not seconds.
import type { Db } from '@tiffin/db';
import type { KitchenTimings } from '@tiffin/domain';
import { kitchenTimings } from '@tiffin/domain';

/** How long one reading of a kitchen's pace is reused; the medians move by the order, not the second. */
export const KITCHEN_PACE_TTL_MS = 10_000;
/** Kitchens remembered at once; the oldest reading is dropped beyond it. */
const MAX_KITCHENS = 1_000;

interface Reading {
  at: number;
  timings: Promise<KitchenTimings>;
}

/** Per database (tests run several), then per restaurant; a failed read is not kept. */
const readings = new WeakMap<Db, Map<string, Reading>>();

/** The kitchen's pace, read at most once per KITCHEN_PACE_TTL_MS per process (concurrent callers share a read). */
export function kitchenPace(db: Db, restaurantId: string): Promise<KitchenTimings> {
  let byRestaurant = readings.get(db);
  if (!byRestaurant) readings.set(db, (byRestaurant = new Map<string, Reading>()));
  const now = Date.now();
  const known = byRestaurant.get(restaurantId);
  if (known && now - known.at < KITCHEN_PACE_TTL_MS) return known.timings;
  const timings = kitchenTimings(db, restaurantId);
  const reading = { at: now, timings };
  byRestaurant.delete(restaurantId);
  if (byRestaurant.size >= MAX_KITCHENS) byRestaurant.delete(byRestaurant.keys().next().value!);
  byRestaurant.set(restaurantId, reading);
  timings.catch(() => {
    if (byRestaurant.get(restaurantId) === reading) byRestaurant.delete(restaurantId);
  });
  return timings;
}
