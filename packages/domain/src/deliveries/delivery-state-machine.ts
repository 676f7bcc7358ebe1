// The delivery state machine: a delivery waits for a courier's claim, is assigned, goes on its
// way at pick-up and is delivered; it is cancelled with its order, before pick-up only.
import type { DeliveryStatus } from '@tiffin/db/enums';

export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryStatus, readonly DeliveryStatus[]>> = {
  waiting: ['assigned', 'cancelled'],
  assigned: ['on_the_way', 'cancelled'],
  on_the_way: ['delivered'],
  delivered: [],
  cancelled: [],
};

export const DELIVERY_STATUSES = Object.keys(DELIVERY_TRANSITIONS) as DeliveryStatus[];

export function canTransitionDelivery(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return DELIVERY_TRANSITIONS[from].includes(to);
}
