// How order and delivery statuses read to a customer, and the badge colour of each.
import type { DeliveryStatus, OrderStatus } from '@tiffin/domain/client-safe';

import type { BadgeTone } from '../components/ui/badge';

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  awaiting_payment: 'Awaiting payment',
  created: 'Order received',
  confirmed: 'Confirmed',
  preparing: 'Preparing',
  ready_for_pickup: 'Ready for pickup',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

export const ORDER_STATUS_TONES: Record<OrderStatus, BadgeTone> = {
  awaiting_payment: 'warning',
  created: 'info',
  confirmed: 'accent',
  preparing: 'warning',
  ready_for_pickup: 'accent',
  out_for_delivery: 'brand',
  delivered: 'success',
  cancelled: 'neutral',
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  waiting: 'Waiting for a courier',
  assigned: 'Courier on the way to the restaurant',
  on_the_way: 'On the way',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};
