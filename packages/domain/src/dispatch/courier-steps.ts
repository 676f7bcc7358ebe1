// A courier's steps: claim a waiting delivery (the first claim wins), pick the order up once the
// kitchen marked it ready, deliver it, and report positions on the way. The autopilot takes the
// same steps for its simulated couriers. Every step is conditional on status and version, so of
// twenty couriers claiming at once exactly one is assigned and the others hear "already taken".
import type { PrismaTransaction } from '@tiffin/db';

import type { Actor } from '../authority/actor';
import type { DeliveryTransition } from '../deliveries/delivery-transitions';
import type { GeoPoint } from '../geo/geo-point';
import { actorLabel } from '../authority/actor';
import { authorizeStep } from '../authority/step-authority';
import { transitionDelivery } from '../deliveries/delivery-transitions';
import { DomainError, StaleTransitionError } from '../errors';
import { positionBounds } from '../geo/delivery-area';
import { isInBox } from '../geo/geo-point';
import { loadStepParties } from '../orders/order-steps';
import { transitionOrder } from '../orders/transition-order';

/** Deliveries a courier is busy with; one at a time. */
const ACTIVE_DELIVERY = ['assigned', 'on_the_way'] as const;

export interface CourierStepOptions {
  causationId?: string;
}

async function deliveryOf(tx: PrismaTransaction, orderId: string) {
  const loaded = await loadStepParties(tx, orderId);
  const { delivery } = loaded.order;
  if (!delivery) {
    throw new DomainError(
      'NOT_FOUND',
      'This order has no delivery yet: the kitchen has not accepted it.',
    );
  }
  return { ...loaded, delivery };
}

/** A simulated courier for the autopilot: one with nothing on its hands if there is one. */
async function simulatedCourier(tx: PrismaTransaction): Promise<string> {
  const couriers = await tx.user.findMany({
    where: { role: 'COURIER', simulated: true },
    select: {
      id: true,
      _count: { select: { deliveries: { where: { status: { in: [...ACTIVE_DELIVERY] } } } } },
    },
    orderBy: { createdAt: 'asc' },
  });
  const idle = couriers.find((c) => c._count.deliveries === 0) ?? couriers[0];
  if (!idle) throw new Error('The autopilot has no simulated couriers: run the seed.');
  return idle.id;
}

/**
 * Assigns the order's waiting delivery to the claiming courier (or, for the autopilot, to one of
 * its simulated couriers). CONFLICT DELIVERY_TAKEN when another claim won; COURIER_BUSY when the
 * courier is still on another delivery; FORBIDDEN for someone offline or not a courier.
 */
export async function claimDelivery(
  tx: PrismaTransaction,
  actor: Actor,
  orderId: string,
  opts: CourierStepOptions = {},
): Promise<DeliveryTransition> {
  const { parties, delivery } = await deliveryOf(tx, orderId);
  let courierId: string;
  let claimantOnline = false;
  if (actor.kind === 'person' && actor.role === 'COURIER') {
    // Locks the courier's row: two claims by one courier queue here, so neither can slip past
    // the one-delivery-at-a-time check below.
    const [courier] = await tx.$queryRaw<{ courierOnline: boolean }[]>`
      SELECT "courierOnline" FROM "User" WHERE "id" = ${actor.userId}::uuid FOR UPDATE`;
    claimantOnline = courier?.courierOnline ?? false;
    courierId = actor.userId;
  } else {
    courierId = actor.kind === 'autopilot' ? await simulatedCourier(tx) : '';
  }
  authorizeStep('claim', actor, { ...parties, claimantOnline });

  if (delivery.status === 'cancelled') {
    throw new DomainError(
      'STALE_TRANSITION',
      'This order was cancelled; there is nothing to deliver.',
      {
        entity: 'delivery',
        expected: 'waiting',
        actual: 'cancelled',
      },
    );
  }
  if (delivery.status !== 'waiting') {
    throw new DomainError('DELIVERY_TAKEN', 'Another courier has already taken this delivery.', {
      orderId,
    });
  }
  if (actor.kind === 'person') {
    const active = await tx.delivery.findFirst({
      where: { courierId, status: { in: [...ACTIVE_DELIVERY] } },
      select: { orderId: true },
    });
    if (active) {
      throw new DomainError(
        'COURIER_BUSY',
        'Finish your current delivery before you take another.',
        {
          activeOrderId: active.orderId,
        },
      );
    }
  }
  try {
    return await transitionDelivery(tx, delivery.id, 'waiting', 'assigned', actorLabel(actor), {
      courierId,
      expectedVersion: delivery.version,
      ...opts,
    });
  } catch (error) {
    if (error instanceof StaleTransitionError) {
      throw new DomainError('DELIVERY_TAKEN', 'Another courier has already taken this delivery.', {
        orderId,
      });
    }
    throw error;
  }
}

/** The courier has the food: the order goes out for delivery and the delivery on its way. */
export async function pickUpDelivery(
  tx: PrismaTransaction,
  actor: Actor,
  orderId: string,
  opts: CourierStepOptions = {},
): Promise<DeliveryTransition> {
  const { order, parties, delivery } = await deliveryOf(tx, orderId);
  authorizeStep('pickUp', actor, parties);
  if (delivery.status !== 'assigned') {
    throw new DomainError(
      'STALE_TRANSITION',
      delivery.status === 'waiting'
        ? 'Claim this delivery before you pick it up.'
        : `This delivery is already ${delivery.status.replaceAll('_', ' ')}.`,
      { entity: 'delivery', expected: 'assigned', actual: delivery.status },
    );
  }
  if (order.status !== 'ready_for_pickup') {
    throw new DomainError(
      'STALE_TRANSITION',
      order.status === 'cancelled'
        ? 'This order was cancelled.'
        : 'The kitchen has not marked this order ready yet.',
      { entity: 'order', expected: 'ready_for_pickup', actual: order.status },
    );
  }
  const label = actorLabel(actor);
  const meta = opts.causationId ? { causationId: opts.causationId } : {};
  await transitionOrder(tx, orderId, 'ready_for_pickup', 'out_for_delivery', label, {
    ...meta,
    expectedVersion: order.version,
  });
  return transitionDelivery(tx, delivery.id, 'assigned', 'on_the_way', label, {
    ...meta,
    expectedVersion: delivery.version,
  });
}

/** At the door: the delivery is delivered (the delivery consumer then marks the order so). */
export async function deliverDelivery(
  tx: PrismaTransaction,
  actor: Actor,
  orderId: string,
  opts: CourierStepOptions = {},
): Promise<DeliveryTransition> {
  const { parties, delivery } = await deliveryOf(tx, orderId);
  authorizeStep('deliver', actor, parties);
  if (delivery.status !== 'on_the_way') {
    throw new DomainError(
      'STALE_TRANSITION',
      delivery.status === 'delivered'
        ? 'This delivery is already delivered.'
        : 'Pick the order up before you deliver it.',
      { entity: 'delivery', expected: 'on_the_way', actual: delivery.status },
    );
  }
  return transitionDelivery(tx, delivery.id, 'on_the_way', 'delivered', actorLabel(actor), {
    expectedVersion: delivery.version,
    ...opts,
  });
}

export interface PositionReport {
  deliveryId: string;
  courierId: string;
  restaurantId: string;
}

/**
 * Checks a courier's position report: their own delivery, under way, and a point inside the
 * box around its pick-up and drop-off (BAD_REQUEST otherwise). Positions themselves are not
 * written here: they are ephemeral and live in Redis.
 */
export async function checkPositionReport(
  tx: PrismaTransaction,
  actor: Actor,
  orderId: string,
  point: GeoPoint,
): Promise<PositionReport> {
  const { order, parties, delivery } = await deliveryOf(tx, orderId);
  authorizeStep('reportPosition', actor, parties);
  if (!delivery.courierId || !ACTIVE_DELIVERY.some((s) => s === delivery.status)) {
    throw new DomainError(
      'STALE_TRANSITION',
      'Positions are shared only while a delivery is under way.',
      { entity: 'delivery', expected: 'assigned or on_the_way', actual: delivery.status },
    );
  }
  const route = await routeOf(tx, order.id);
  const bounds = positionBounds(route.pickUp, route.dropOff);
  if (!isInBox(point, bounds)) {
    throw new DomainError(
      'POSITION_OUT_OF_AREA',
      'That position is far outside this delivery’s area; check the device’s location.',
      bounds,
    );
  }
  return {
    deliveryId: delivery.id,
    courierId: delivery.courierId,
    restaurantId: parties.restaurantId,
  };
}

export interface Route {
  pickUp: GeoPoint;
  dropOff: GeoPoint;
}

/** Where an order is picked up and dropped off; orders from before pins drop off at the door. */
export async function routeOf(tx: PrismaTransaction, orderId: string): Promise<Route> {
  const order = await tx.order.findUnique({
    where: { id: orderId },
    select: {
      deliveryLat: true,
      deliveryLng: true,
      restaurant: { select: { lat: true, lng: true } },
    },
  });
  if (!order) throw new DomainError('NOT_FOUND', 'We could not find that order.');
  const pickUp = { lat: order.restaurant.lat, lng: order.restaurant.lng };
  const dropOff =
    order.deliveryLat !== null && order.deliveryLng !== null
      ? { lat: order.deliveryLat, lng: order.deliveryLng }
      : pickUp;
  return { pickUp, dropOff };
}
