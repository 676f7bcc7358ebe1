// What a tracking snapshot needs of orders, read for many orders at once: a burst of subscriptions
// (every client reconnecting after a web restart) costs a few queries per batch, not one order
// read with its payments, lines and address each.
import type { Db } from '@tiffin/db';

import type { Viewer } from './order-access';
import { DomainError } from '../errors';
import { canViewOrder } from './order-access';
import { orderDeliverySelect, orderHistorySelect, withCourierFirstName } from './order-queries';

const orderTrackingSelect = {
  id: true,
  status: true,
  version: true,
  userId: true,
  restaurantId: true,
  deliveryLat: true,
  deliveryLng: true,
  restaurant: { select: { name: true, lat: true, lng: true } },
  statusChanges: orderHistorySelect,
  delivery: orderDeliverySelect,
} as const;

/** The rows of `orderIds` that exist, by id (in one query per relation, whatever their number). */
export async function readOrdersForTracking(db: Db, orderIds: readonly string[]) {
  const rows = await db.order.findMany({
    where: { id: { in: [...orderIds] } },
    select: orderTrackingSelect,
  });
  return new Map(rows.map((row) => [row.id, row]));
}

export type OrderTrackingRow = NonNullable<
  ReturnType<Awaited<ReturnType<typeof readOrdersForTracking>>['get']>
>;

/**
 * The order as its tracking shows it, for a viewer allowed to see it: a missing order is
 * NOT_FOUND, someone else's FORBIDDEN, with the same messages as getOrderForViewer.
 */
export function orderTrackingForViewer(row: OrderTrackingRow | null | undefined, viewer: Viewer) {
  if (!row) throw new DomainError('NOT_FOUND', 'We could not find that order.');
  const { delivery, deliveryLat, deliveryLng, restaurant, ...rest } = row;
  const parties = {
    userId: row.userId,
    restaurantId: row.restaurantId,
    courierId: delivery?.courierId ?? null,
  };
  if (!canViewOrder(viewer, parties)) {
    throw new DomainError('FORBIDDEN', 'You do not have access to this order.');
  }
  const pickUp = { lat: restaurant.lat, lng: restaurant.lng };
  return {
    ...rest,
    restaurant,
    pickUp,
    dropOff:
      deliveryLat !== null && deliveryLng !== null
        ? { lat: deliveryLat, lng: deliveryLng }
        : pickUp,
    delivery: delivery && withCourierFirstName(delivery),
    parties,
  };
}
