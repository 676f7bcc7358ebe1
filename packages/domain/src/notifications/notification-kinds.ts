// The kinds of notification and who receives each: pure data, so the browser (the bell, the
// preferences) and the worker agree on the names.

export const NOTIFICATION_KINDS = [
  // The customer
  'order_confirmed',
  'order_rejected',
  'order_out_for_delivery',
  'order_delivered',
  'order_cancelled',
  'payment_failed',
  'order_refunded',
  // The restaurant's kitchen staff
  'kitchen_new_order',
  'kitchen_order_cancelled',
  // Couriers
  'courier_new_offer',
  'courier_assignment_cancelled',
  // Admins
  'admin_dead_letter',
  'admin_order_stuck',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The kinds that also go by email unless the person unsubscribed, with how emails name them. */
export const EMAIL_KIND_LABELS: Readonly<Partial<Record<NotificationKind, string>>> = {
  order_confirmed: 'orders being confirmed',
  order_rejected: 'orders a restaurant could not take',
  order_out_for_delivery: 'orders on their way',
  order_delivered: 'orders delivered',
  order_cancelled: 'orders cancelled',
  payment_failed: 'card payments that did not go through',
  order_refunded: 'refunds',
};

export function isEmailKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(EMAIL_KIND_LABELS, kind);
}

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
