// The kitchen's board: the orders a restaurant still has to answer, cook or hand over.
import type { Db } from '@tiffin/db';

import { DISH_FIELDS, MENU_ORDER, WEEKLY_HOURS } from '../catalog/dish-fields';
import { firstName } from '../dispatch/courier-queries';
import { DomainError } from '../errors';
import { KITCHEN_STATUSES } from './kitchen-constants';

/** Active orders, newest first. */
export async function kitchenOrders(db: Db, restaurantId: string) {
  const orders = await db.order.findMany({
    where: { restaurantId, status: { in: [...KITCHEN_STATUSES] } },
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: {
      id: true,
      status: true,
      version: true,
      createdAt: true,
      totalCents: true,
      note: true,
      user: { select: { name: true } },
      items: { select: { name: true, quantity: true }, orderBy: { name: 'asc' } },
      statusChanges: { select: { to: true, at: true }, orderBy: { at: 'desc' }, take: 1 },
      delivery: {
        select: { status: true, courier: { select: { name: true, simulated: true } } },
      },
    },
  });
  return orders.map(({ user, statusChanges, delivery, ...order }) => ({
    ...order,
    customerFirstName: firstName(user.name),
    /** When the order reached its current status. */
    since: statusChanges[0]?.at ?? order.createdAt,
    courier: delivery?.courier
      ? { firstName: firstName(delivery.courier.name), simulated: delivery.courier.simulated }
      : null,
    deliveryStatus: delivery?.status ?? null,
  }));
}

export type KitchenOrder = Awaited<ReturnType<typeof kitchenOrders>>[number];

/** The restaurant as its console shows it: switches, hours and menu. */
export async function kitchenRestaurant(db: Db, restaurantId: string) {
  const restaurant = await db.restaurant.findUnique({
    where: { id: restaurantId },
    select: {
      id: true,
      slug: true,
      name: true,
      isOpen: true,
      autopilot: true,
      timeZone: true,
      hours: WEEKLY_HOURS,
      menuItems: { orderBy: MENU_ORDER, select: DISH_FIELDS },
    },
  });
  if (!restaurant) throw new DomainError('NOT_FOUND', 'We could not find that restaurant.');
  return restaurant;
}
