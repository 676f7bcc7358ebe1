// Reading orders for the people allowed to see them.
import type { Db } from '@tiffin/db';

import type { Viewer } from './order-access';
import { firstName } from '../dispatch/courier-queries';
import { DomainError } from '../errors';
import { canViewOrder } from './order-access';

/** An order's status history as every reader shows it, oldest first. */
export const orderHistorySelect = {
  select: { from: true, to: true, at: true, actor: true, reason: true },
  orderBy: { at: 'asc' },
} as const;

/** An order's delivery as every reader selects it; people then see the courier's first name only. */
export const orderDeliverySelect = {
  select: {
    id: true,
    status: true,
    courierId: true,
    courier: { select: { name: true } },
    createdAt: true,
    assignedAt: true,
    pickedUpAt: true,
    deliveredAt: true,
  },
} as const;

const orderDetail = {
  id: true,
  status: true,
  subtotalCents: true,
  discountCents: true,
  serviceFeeCents: true,
  taxCents: true,
  deliveryFeeCents: true,
  tipCents: true,
  totalCents: true,
  paymentMethod: true,
  couponCode: true,
  payments: {
    select: {
      id: true,
      kind: true,
      status: true,
      amountCents: true,
      currency: true,
      providerRef: true,
      lastError: true,
      createdAt: true,
      succeededAt: true,
    },
    orderBy: { createdAt: 'asc' },
  },
  deliveryAddress: true,
  note: true,
  version: true,
  correlationId: true,
  createdAt: true,
  updatedAt: true,
  userId: true,
  restaurantId: true,
  deliveryLat: true,
  deliveryLng: true,
  restaurant: { select: { id: true, slug: true, name: true, lat: true, lng: true, address: true } },
  items: {
    select: { menuItemId: true, name: true, quantity: true, unitPriceCents: true },
    orderBy: { name: 'asc' },
  },
  statusChanges: orderHistorySelect,
  delivery: orderDeliverySelect,
} as const;

/**
 * The order with its lines, history and delivery. A missing order is NOT_FOUND; someone else's
 * is FORBIDDEN (the id is an unguessable uuid, so saying it exists leaks nothing useful).
 */
export async function getOrderForViewer(db: Db, orderId: string, viewer: Viewer) {
  const order = await db.order.findUnique({ where: { id: orderId }, select: orderDetail });
  if (!order) throw new DomainError('NOT_FOUND', 'We could not find that order.');
  const parties = {
    userId: order.userId,
    restaurantId: order.restaurantId,
    courierId: order.delivery?.courierId ?? null,
  };
  if (!canViewOrder(viewer, parties)) {
    throw new DomainError('FORBIDDEN', 'You do not have access to this order.');
  }
  const { delivery, deliveryLat, deliveryLng, restaurant, ...rest } = order;
  return {
    ...rest,
    restaurant,
    pickUp: { lat: restaurant.lat, lng: restaurant.lng },
    dropOff:
      deliveryLat !== null && deliveryLng !== null
        ? { lat: deliveryLat, lng: deliveryLng }
        : { lat: restaurant.lat, lng: restaurant.lng },
    delivery: delivery && withCourierFirstName(delivery),
  };
}

/** People see their courier's first name only. */
export function withCourierFirstName<T extends { courier: { name: string } | null }>({
  courier,
  ...delivery
}: T) {
  return { ...delivery, courierFirstName: courier ? firstName(courier.name) : null };
}

export type OrderDetail = Awaited<ReturnType<typeof getOrderForViewer>>;

/** The customer's own orders, newest first. */
export function listOrdersForUser(db: Db, userId: string, limit = 50) {
  return db.order.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: {
      id: true,
      status: true,
      totalCents: true,
      createdAt: true,
      restaurant: { select: { slug: true, name: true } },
      _count: { select: { items: true } },
    },
  });
}
