// A rough arrival estimate for tracking: from the start of the current stage, add what the
// stages still ahead typically take. Shown to customers as "about HH:MM", never as a promise.
import type { DeliveryStatus, OrderStatus } from '@tiffin/db/enums';

const MINUTE = 60_000;

/** Typical minutes from the start of each stage to the door. */
const REMAINING_MINUTES: Record<'created' | 'confirmed' | 'preparing' | DeliveryStatus, number> = {
  created: 40,
  confirmed: 38,
  preparing: 35,
  waiting: 20,
  on_the_way: 15,
  delivered: 0,
};

export function estimateArrival(
  status: OrderStatus,
  stageStartedAt: Date,
  deliveryStatus: DeliveryStatus | null,
  now = new Date(),
): Date | null {
  if (status === 'delivered' || status === 'cancelled') return null;
  const stage = status === 'out_for_delivery' ? (deliveryStatus ?? 'waiting') : status;
  if (stage === 'delivered') return null;
  const eta = stageStartedAt.getTime() + REMAINING_MINUTES[stage] * MINUTE;
  // Running late: never show a time in the past.
  return new Date(Math.max(eta, now.getTime() + MINUTE));
}
