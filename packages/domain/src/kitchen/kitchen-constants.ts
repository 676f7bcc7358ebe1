// Which orders are the kitchen's to handle: from a new order to the courier's pick-up.
import type { OrderStatus } from '@tiffin/db/enums';

export const KITCHEN_STATUSES: readonly OrderStatus[] = [
  'created',
  'confirmed',
  'preparing',
  'ready_for_pickup',
];
