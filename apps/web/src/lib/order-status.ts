// How order and delivery statuses read to a customer, and the badge colour of each.
import type { DeliveryStatus, OrderStatus } from '@tiffin/db';

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  created: 'Order received',
  confirmed: 'Confirmed',
  preparing: 'Preparing',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

export const ORDER_STATUS_TONES: Record<OrderStatus, string> = {
  created: 'bg-sky-100 text-sky-800 ring-sky-200',
  confirmed: 'bg-indigo-100 text-indigo-800 ring-indigo-200',
  preparing: 'bg-amber-100 text-amber-800 ring-amber-200',
  out_for_delivery: 'bg-violet-100 text-violet-800 ring-violet-200',
  delivered: 'bg-emerald-100 text-emerald-800 ring-emerald-200',
  cancelled: 'bg-stone-200 text-stone-700 ring-stone-300',
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  waiting: 'Waiting for a courier',
  on_the_way: 'On the way',
  delivered: 'Delivered',
};
