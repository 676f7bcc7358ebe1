// The arrival estimate customers see as "about HH:MM": before pick-up, from this kitchen's own
// recent timings (how long it takes to accept, cook and hand over); on the way, from the distance
// left and the courier's speed. Pure, so the server and the tracking page compute it alike.
import type { OrderStatus } from '@tiffin/db/enums';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How long this kitchen typically takes for each stage (medians of its recent orders). */
export interface KitchenTimings {
  /** created → confirmed */
  acceptMs: number;
  /** confirmed → ready_for_pickup */
  prepareMs: number;
  /** ready_for_pickup → out_for_delivery: the courier's arrival and the handover. */
  handoverMs: number;
}

/** What a kitchen with no history yet is assumed to take. */
export const DEFAULT_KITCHEN_TIMINGS: KitchenTimings = {
  acceptMs: 2 * MINUTE,
  prepareMs: 15 * MINUTE,
  handoverMs: 5 * MINUTE,
};

/** A courier on a bike in a city, when their own speed is not known yet. */
export const DEFAULT_COURIER_KMH = 18;

/** Below this, a courier is waiting at a light, not riding: their usual speed is assumed. */
const MOVING_KMH = 3;

export interface EtaBasis {
  kitchen: KitchenTimings;
  /** Pick-up to drop-off. */
  tripKm: number;
}

export interface EtaProgress {
  status: OrderStatus;
  createdAt: Date;
  confirmedAt: Date | null;
  readyAt: Date | null;
  pickedUpAt: Date | null;
  /** Once on the way: the courier's distance to the drop-off, from their last position. */
  remainingKm: number | null;
  /** The courier's current speed, when their positions tell it. */
  courierKmh: number | null;
}

function rideMs(km: number, kmh: number | null): number {
  const speed = kmh !== null && kmh >= MOVING_KMH ? kmh : DEFAULT_COURIER_KMH;
  return (km / speed) * HOUR;
}

/** Milliseconds left of a stage that typically takes `typicalMs` and began at `since`. */
function left(typicalMs: number, since: Date | null, now: Date): number {
  return Math.max(0, typicalMs - (since ? now.getTime() - since.getTime() : 0));
}

/** When the order should arrive; null once delivered or cancelled. Never earlier than a minute from now. */
export function estimateArrival(
  basis: EtaBasis,
  progress: EtaProgress,
  now = new Date(),
): Date | null {
  const { kitchen } = basis;
  const trip = rideMs(basis.tripKm, progress.courierKmh);
  let remaining: number;
  switch (progress.status) {
    case 'delivered':
    case 'cancelled':
      return null;
    // Unpaid, it is as far off as a new order (the kitchen starts once it is paid).
    case 'awaiting_payment':
    case 'created':
      remaining =
        left(kitchen.acceptMs, progress.createdAt, now) +
        kitchen.prepareMs +
        kitchen.handoverMs +
        trip;
      break;
    case 'confirmed':
    case 'preparing':
      remaining =
        left(kitchen.prepareMs, progress.confirmedAt ?? progress.createdAt, now) +
        kitchen.handoverMs +
        trip;
      break;
    case 'ready_for_pickup':
      remaining = left(kitchen.handoverMs, progress.readyAt, now) + trip;
      break;
    case 'out_for_delivery':
      remaining =
        progress.remainingKm !== null
          ? rideMs(progress.remainingKm, progress.courierKmh)
          : left(trip, progress.pickedUpAt, now);
      break;
  }
  return new Date(now.getTime() + Math.max(remaining, MINUTE));
}
