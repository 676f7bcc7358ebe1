// What a courier's app reads: the online switch, the waiting deliveries on offer (nearest first),
// and the delivery on their hands.
import type { Db, PrismaTransaction } from '@tiffin/db';

import type { Actor } from '../authority/actor';
import type { GeoPoint } from '../geo/geo-point';
import { DomainError } from '../errors';
import { distanceKm } from '../geo/geo-point';

function courierOf(actor: Actor): string {
  if (actor.kind !== 'person' || actor.role !== 'COURIER') {
    throw new DomainError('FORBIDDEN', 'Only couriers have a courier app.');
  }
  return actor.userId;
}

export async function setCourierOnline(
  tx: PrismaTransaction,
  actor: Actor,
  online: boolean,
): Promise<{ online: boolean }> {
  const courierId = courierOf(actor);
  const user = await tx.user.update({
    where: { id: courierId },
    data: { courierOnline: online },
    select: { courierOnline: true },
  });
  return { online: user.courierOnline };
}

export async function isCourierOnline(db: Db, courierId: string): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: courierId },
    select: { courierOnline: true },
  });
  return user?.courierOnline ?? false;
}

/** The fields a waiting delivery is offered with. */
const offerSelect = {
  id: true,
  createdAt: true,
  order: {
    select: {
      id: true,
      status: true,
      totalCents: true,
      deliveryAddress: true,
      deliveryLat: true,
      deliveryLng: true,
      restaurant: { select: { id: true, name: true, address: true, lat: true, lng: true } },
      _count: { select: { items: true } },
    },
  },
} as const;

export interface Offer {
  orderId: string;
  deliveryId: string;
  restaurant: { id: string; name: string; address: string };
  pickUp: GeoPoint;
  dropOff: GeoPoint & { address: string };
  /** From the courier to the pick-up, when the courier's position is known. */
  distanceKm: number | null;
  /** From the pick-up to the drop-off. */
  tripKm: number;
  /** The kitchen's progress: couriers like to arrive as the food is ready. */
  orderStatus: string;
  itemCount: number;
  offeredAt: Date;
}

/** Waiting deliveries, nearest pick-up first (oldest first when the courier's position is unknown). */
export async function listOffers(db: Db, from: GeoPoint | null, limit = 30): Promise<Offer[]> {
  const waiting = await db.delivery.findMany({
    where: { status: 'waiting', order: { status: { not: 'cancelled' } } },
    orderBy: { createdAt: 'asc' },
    take: 200,
    select: offerSelect,
  });
  const offers = waiting.map((delivery): Offer => {
    const { order } = delivery;
    const pickUp = { lat: order.restaurant.lat, lng: order.restaurant.lng };
    const dropOff = {
      lat: order.deliveryLat ?? pickUp.lat,
      lng: order.deliveryLng ?? pickUp.lng,
      address: order.deliveryAddress,
    };
    return {
      orderId: order.id,
      deliveryId: delivery.id,
      restaurant: {
        id: order.restaurant.id,
        name: order.restaurant.name,
        address: order.restaurant.address,
      },
      pickUp,
      dropOff,
      distanceKm: from ? round(distanceKm(from, pickUp)) : null,
      tripKm: round(distanceKm(pickUp, dropOff)),
      orderStatus: order.status,
      itemCount: order._count.items,
      offeredAt: delivery.createdAt,
    };
  });
  if (from) offers.sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0));
  return offers.slice(0, limit);
}

/** The courier's delivery under way (assigned or on its way), or null. */
export async function currentDelivery(db: Db, courierId: string) {
  const delivery = await db.delivery.findFirst({
    where: { courierId, status: { in: ['assigned', 'on_the_way'] } },
    orderBy: { assignedAt: 'desc' },
    select: {
      id: true,
      status: true,
      assignedAt: true,
      pickedUpAt: true,
      order: {
        select: {
          id: true,
          status: true,
          note: true,
          deliveryAddress: true,
          deliveryLat: true,
          deliveryLng: true,
          user: { select: { name: true } },
          restaurant: { select: { id: true, name: true, address: true, lat: true, lng: true } },
          items: { select: { name: true, quantity: true }, orderBy: { name: 'asc' } },
        },
      },
    },
  });
  if (!delivery) return null;
  const { order } = delivery;
  const pickUp = { lat: order.restaurant.lat, lng: order.restaurant.lng };
  const dropOff = { lat: order.deliveryLat ?? pickUp.lat, lng: order.deliveryLng ?? pickUp.lng };
  return {
    orderId: order.id,
    deliveryId: delivery.id,
    status: delivery.status,
    orderStatus: order.status,
    assignedAt: delivery.assignedAt,
    pickedUpAt: delivery.pickedUpAt,
    restaurant: {
      id: order.restaurant.id,
      name: order.restaurant.name,
      address: order.restaurant.address,
    },
    pickUp,
    dropOff: { ...dropOff, address: order.deliveryAddress },
    /** Couriers see the customer's first name only. */
    customerFirstName: firstName(order.user.name),
    note: order.note,
    items: order.items,
    tripKm: round(distanceKm(pickUp, dropOff)),
  };
}

export type CurrentDelivery = NonNullable<Awaited<ReturnType<typeof currentDelivery>>>;

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

function round(km: number): number {
  return Math.round(km * 100) / 100;
}
