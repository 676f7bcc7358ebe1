// The kinds of notification and who receives each: pure data, so the browser (the bell, the
// preferences) and the worker agree on the names.

export const NOTIFICATION_KINDS = [
  // The customer
  'order_confirmed',
  'order_rejected',
  'order_out_for_delivery',
  'order_delivered',
  'order_cancelled',
  // The restaurant's kitchen staff
  'kitchen_new_order',
  'kitchen_order_cancelled',
  // Couriers
  'courier_new_offer',
  'courier_assignment_cancelled',
  // Payment kinds (payment failed, refunded) join this list when payment events exist.
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** What the bell shows for one notification (the row, minus its recipient and cause). */
export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  orderId: string | null;
  readAt: Date | null;
  createdAt: Date;
}
