// The delivery state machine: waiting → on_the_way → delivered, nothing else.
import type { DeliveryStatus } from '@tiffin/db/enums';

export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryStatus, readonly DeliveryStatus[]>> = {
  waiting: ['on_the_way'],
  on_the_way: ['delivered'],
  delivered: [],
};

export const DELIVERY_STATUSES = Object.keys(DELIVERY_TRANSITIONS) as DeliveryStatus[];

export function canTransitionDelivery(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return DELIVERY_TRANSITIONS[from].includes(to);
}
