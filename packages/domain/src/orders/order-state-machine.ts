// The order state machine: status only moves forward along these edges. The kitchen accepts or
// rejects a new order, prepares it and marks it ready; the courier picks it up and delivers it.
// An order can be cancelled while it is new (customer, kitchen, acceptance timeout) and, by an
// admin, once accepted; never after the kitchen started on it. A card order waits unpaid first:
// paid, it becomes new for the kitchen; unpaid in time, it is cancelled.
import type { OrderStatus } from '@tiffin/db/enums';

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  awaiting_payment: ['created', 'cancelled'],
  created: ['confirmed', 'cancelled'],
  confirmed: ['preparing', 'cancelled'],
  preparing: ['ready_for_pickup'],
  ready_for_pickup: ['out_for_delivery'],
  out_for_delivery: ['delivered'],
  delivered: [],
  cancelled: [],
};

export const ORDER_STATUSES = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];

export function canTransitionOrder(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function isTerminalOrderStatus(status: OrderStatus): boolean {
  return ORDER_TRANSITIONS[status].length === 0;
}
