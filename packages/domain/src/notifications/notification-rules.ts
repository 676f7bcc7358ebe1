// Which event tells whom what: the recipients, title, body and link for each order, delivery and
// payment event. The `notifications` consumer calls `recordNotifications` through the inbox, so each event
// notifies each recipient once. The person who took a step is never told about it.
import type { PrismaTransaction } from '@tiffin/db';
import type { Envelope } from '@tiffin/events';

import type { NotificationKind } from './notification-kinds';
import { firstName } from '../dispatch/courier-queries';
import { formatCents as formatMoneyIn } from '../pricing/format-money';

export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  orderId: string | null;
}

/** The user id of a `user:<id>` or `admin:<id>` actor; null for `autopilot` and `system`. */
function actorUserId(actor: string): string | null {
  const match = /^(?:user|admin):([0-9a-f-]{36})$/i.exec(actor);
  return match?.[1] ?? null;
}

function orderLink(orderId: string): string {
  return `/orders/${orderId}`;
}

/** A short reference people can say out loud: the first 8 characters of the order id. */
export function orderReference(orderId: string): string {
  return `#${orderId.slice(0, 8)}`;
}

async function orderParties(tx: PrismaTransaction, orderId: string) {
  return tx.order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      userId: true,
      restaurantId: true,
      restaurant: { select: { name: true } },
      delivery: { select: { courier: { select: { name: true } } } },
    },
  });
}

async function kitchenStaff(tx: PrismaTransaction, restaurantId: string): Promise<string[]> {
  const staff = await tx.user.findMany({
    where: { restaurantId, role: 'RESTAURANT_STAFF' },
    select: { id: true },
  });
  return staff.map((s) => s.id);
}

/** The notifications one event causes (none for events nobody is told about). */
export async function notificationsForEvent(
  tx: PrismaTransaction,
  envelope: Envelope,
): Promise<NotificationDraft[]> {
  switch (envelope.type) {
    case 'order.created.v1':
      return newOrder(tx, envelope.payload as Envelope<'order.created.v1'>['payload']);
    case 'order.status_changed.v1':
      return orderStatusChanged(
        tx,
        envelope.payload as Envelope<'order.status_changed.v1'>['payload'],
      );
    case 'delivery.created.v1':
      return newOffer(tx, envelope.payload as Envelope<'delivery.created.v1'>['payload']);
    case 'delivery.status_changed.v1':
      return deliveryStatusChanged(
        tx,
        envelope.payload as Envelope<'delivery.status_changed.v1'>['payload'],
      );
    case 'payment.failed.v1':
      return paymentFailed(tx, envelope.payload as Envelope<'payment.failed.v1'>['payload']);
    case 'payment.refunded.v1':
      return refunded(tx, envelope.payload as Envelope<'payment.refunded.v1'>['payload']);
    default:
      return [];
  }
}

async function newOrder(
  tx: PrismaTransaction,
  p: Envelope<'order.created.v1'>['payload'],
): Promise<NotificationDraft[]> {
  const items = p.lines.reduce((sum, line) => sum + line.quantity, 0);
  const staff = await kitchenStaff(tx, p.restaurantId);
  return staff.map((userId) => ({
    userId,
    kind: 'kitchen_new_order',
    title: `New order ${orderReference(p.orderId)}`,
    body: `${items} ${items === 1 ? 'item' : 'items'}, ${formatCents(p.totalCents)}. Accept or reject it in the kitchen console.`,
    link: '/kitchen',
    orderId: p.orderId,
  }));
}

async function orderStatusChanged(
  tx: PrismaTransaction,
  p: Envelope<'order.status_changed.v1'>['payload'],
): Promise<NotificationDraft[]> {
  const order = await orderParties(tx, p.orderId);
  if (!order) return [];
  const actor = actorUserId(p.actor);
  const ref = orderReference(order.id);
  const restaurant = order.restaurant.name;
  const toCustomer = (kind: NotificationKind, title: string, body: string): NotificationDraft[] =>
    actor === order.userId
      ? []
      : [{ userId: order.userId, kind, title, body, link: orderLink(order.id), orderId: order.id }];

  switch (p.to) {
    case 'confirmed':
      return toCustomer(
        'order_confirmed',
        `${restaurant} accepted your order`,
        `Order ${ref} is confirmed and the kitchen is on it.`,
      );
    case 'out_for_delivery': {
      const courier = order.delivery?.courier?.name;
      return toCustomer(
        'order_out_for_delivery',
        'Your order is on its way',
        `${courier ? firstName(courier) : 'Your courier'} picked up order ${ref} from ${restaurant}.`,
      );
    }
    case 'delivered':
      return toCustomer(
        'order_delivered',
        'Your order was delivered',
        `Order ${ref} from ${restaurant} was delivered. Enjoy your meal!`,
      );
    case 'cancelled':
      return cancelled(tx, p, order, actor, toCustomer);
    default:
      return [];
  }
}

async function cancelled(
  tx: PrismaTransaction,
  p: Envelope<'order.status_changed.v1'>['payload'],
  order: NonNullable<Awaited<ReturnType<typeof orderParties>>>,
  actor: string | null,
  toCustomer: (kind: NotificationKind, title: string, body: string) => NotificationDraft[],
): Promise<NotificationDraft[]> {
  const ref = orderReference(order.id);
  const reason = p.reason?.trim();
  const staff = await kitchenStaff(tx, order.restaurantId);
  if (actor === order.userId) {
    // The customer changed their mind: the kitchen stops waiting for it.
    return staff.map((userId) => ({
      userId,
      kind: 'kitchen_order_cancelled',
      title: `Order ${ref} was cancelled by the customer`,
      body: reason ? `Reason: ${reason}` : 'No need to prepare it.',
      link: '/kitchen',
      orderId: order.id,
    }));
  }
  // A step the restaurant's own staff took while the order awaited them is a rejection.
  if (p.from === 'created' && actor !== null && staff.includes(actor)) {
    return toCustomer(
      'order_rejected',
      `${order.restaurant.name} could not take your order`,
      `Order ${ref} was rejected${reason ? `: ${reason}` : ''}.`,
    );
  }
  return toCustomer(
    'order_cancelled',
    'Your order was cancelled',
    `Order ${ref} from ${order.restaurant.name} was cancelled${reason ? `: ${reason}` : ''}.`,
  );
}

async function newOffer(
  tx: PrismaTransaction,
  p: Envelope<'delivery.created.v1'>['payload'],
): Promise<NotificationDraft[]> {
  if (p.courierId) return [];
  const restaurant = await tx.restaurant.findUnique({
    where: { id: p.restaurantId },
    select: { name: true },
  });
  if (!restaurant) return [];
  // Every restaurant lies in the one delivery area, so every online courier is near enough.
  const couriers = await tx.user.findMany({
    where: { role: 'COURIER', courierOnline: true, simulated: false },
    select: { id: true },
  });
  return couriers.map(({ id }) => ({
    userId: id,
    kind: 'courier_new_offer',
    title: 'New delivery nearby',
    body: `Pick-up at ${restaurant.name}. The first courier to claim it gets it.`,
    link: '/courier',
    orderId: p.orderId,
  }));
}

async function deliveryStatusChanged(
  tx: PrismaTransaction,
  p: Envelope<'delivery.status_changed.v1'>['payload'],
): Promise<NotificationDraft[]> {
  if (p.to !== 'cancelled' || !p.courierId) return [];
  if (p.from !== 'assigned' && p.from !== 'on_the_way') return [];
  if (actorUserId(p.actor) === p.courierId) return [];
  const courier = await tx.user.findUnique({
    where: { id: p.courierId },
    select: { simulated: true },
  });
  if (!courier || courier.simulated) return [];
  return [
    {
      userId: p.courierId,
      kind: 'courier_assignment_cancelled',
      title: 'Delivery cancelled',
      body: `Order ${orderReference(p.orderId)} was cancelled: you no longer need to deliver it.`,
      link: '/courier',
      orderId: p.orderId,
    },
  ];
}

async function paymentFailed(
  tx: PrismaTransaction,
  p: Envelope<'payment.failed.v1'>['payload'],
): Promise<NotificationDraft[]> {
  const order = await orderParties(tx, p.orderId);
  if (!order) return [];
  const reason = p.message?.trim();
  return [
    {
      userId: p.userId,
      kind: 'payment_failed',
      title: 'Your payment did not go through',
      body: `${reason ? `${reason} ` : ''}Order ${orderReference(order.id)} from ${order.restaurant.name} is waiting: try again or use another card.`,
      // Back to the pay page, where the customer can try again until the payment times out.
      link: `/pay/${p.paymentId}`,
      orderId: order.id,
    },
  ];
}

async function refunded(
  tx: PrismaTransaction,
  p: Envelope<'payment.refunded.v1'>['payload'],
): Promise<NotificationDraft[]> {
  const order = await orderParties(tx, p.orderId);
  const refund = await tx.payment.findUnique({
    where: { id: p.refundId },
    select: { currency: true },
  });
  if (!order || !refund) return [];
  return [
    {
      userId: p.userId,
      kind: 'order_refunded',
      // In the refund's own currency, which is the charge's, whatever the site shows today.
      title: `${formatMoneyIn(p.amountCents, refund.currency)} refunded`,
      body: `We refunded order ${orderReference(order.id)} from ${order.restaurant.name} to your card. Your bank may take a few days to show it.`,
      link: orderLink(order.id),
      orderId: order.id,
    },
  ];
}

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

function formatCents(cents: number): string {
  return dollars.format(cents / 100);
}

/**
 * Writes the notifications of one event, in the caller's transaction (the inbox's), and returns
 * their ids. A repeat writes nothing new: (event, recipient, kind) is unique.
 */
export async function recordNotifications(
  tx: PrismaTransaction,
  envelope: Envelope,
): Promise<string[]> {
  const drafts = await notificationsForEvent(tx, envelope);
  if (drafts.length === 0) return [];
  const created = await tx.notification.createManyAndReturn({
    data: drafts.map((d) => ({ ...d, eventId: envelope.eventId })),
    skipDuplicates: true,
    select: { id: true },
  });
  return created.map((c) => c.id);
}
