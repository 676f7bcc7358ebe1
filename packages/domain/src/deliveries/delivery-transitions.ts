// Deliveries: created once per order as soon as the kitchen accepts it (so couriers can be
// offered it while the food is cooked), then moved along their state machine. Each change writes
// its event in the same transaction.
import type { PrismaTransaction } from '@tiffin/db';
import type { DeliveryStatus } from '@tiffin/db/enums';
import type { Envelope } from '@tiffin/events';

import { DomainError, IllegalTransitionError, StaleTransitionError } from '../errors';
import { event, writeOutboxEvents } from '../outbox/write-outbox';
import { canTransitionDelivery } from './delivery-state-machine';

export interface DeliveryMeta {
  causationId?: string;
}

/** Orders in these states get (or keep) a delivery: accepted, and not yet handed over. */
const DELIVERABLE = new Set(['confirmed', 'preparing', 'ready_for_pickup']);

/**
 * The order's delivery, created `waiting` with a `delivery.created.v1` event. Idempotent: a
 * second call returns the existing delivery and writes nothing. An order that was cancelled (or
 * never accepted) gets none: the order's row is locked first, so a concurrent cancellation either
 * sees this delivery and cancels it too, or runs first and this call writes nothing.
 */
export async function createDeliveryForOrder(
  tx: PrismaTransaction,
  orderId: string,
  meta: DeliveryMeta = {},
): Promise<{ deliveryId: string | null; created: boolean }> {
  const [order] = await tx.$queryRaw<
    { status: string; restaurantId: string; correlationId: string }[]
  >`SELECT "status"::text AS "status", "restaurantId"::text AS "restaurantId",
           "correlationId"::text AS "correlationId"
    FROM "Order" WHERE "id" = ${orderId}::uuid FOR UPDATE`;
  if (!order) throw new DomainError('NOT_FOUND', 'We could not find that order.');
  const existing = await tx.delivery.findUnique({ where: { orderId }, select: { id: true } });
  if (existing) return { deliveryId: existing.id, created: false };
  if (!DELIVERABLE.has(order.status)) return { deliveryId: null, created: false };
  const delivery = await tx.delivery.create({
    data: { orderId },
    select: { id: true, createdAt: true, courierId: true },
  });
  await writeOutboxEvents(tx, [
    event(
      'delivery.created.v1',
      {
        deliveryId: delivery.id,
        orderId,
        restaurantId: order.restaurantId,
        courierId: delivery.courierId,
        at: delivery.createdAt.toISOString(),
      },
      { correlationId: order.correlationId, source: 'db.createDelivery', ...causation(meta) },
    ),
  ]);
  return { deliveryId: delivery.id, created: true };
}

export interface DeliveryTransition {
  deliveryId: string;
  orderId: string;
  from: DeliveryStatus;
  to: DeliveryStatus;
  version: number;
  at: Date;
  courierId: string | null;
}

export interface DeliveryTransitionOptions extends DeliveryMeta {
  /** Set with `assigned`: the courier who claimed it. */
  courierId?: string;
  /** Refuse unless the delivery is still at this version. */
  expectedVersion?: number;
}

/** The one way a delivery's status changes: conditional on the expected status and version. */
export async function transitionDelivery(
  tx: PrismaTransaction,
  deliveryId: string,
  from: DeliveryStatus,
  to: DeliveryStatus,
  actor: string,
  opts: DeliveryTransitionOptions = {},
): Promise<DeliveryTransition> {
  if (!canTransitionDelivery(from, to)) throw new IllegalTransitionError('delivery', from, to);
  if (to === 'assigned' && !opts.courierId) {
    throw new Error('transitionDelivery: an assignment needs the courier');
  }
  const current = await tx.delivery.findUnique({
    where: { id: deliveryId },
    select: { status: true, version: true },
  });
  if (!current) throw new DomainError('NOT_FOUND', 'We could not find that delivery.');
  const version = opts.expectedVersion ?? current.version;
  if (current.status !== from || current.version !== version) {
    throw new StaleTransitionError('delivery', from, current.status);
  }
  const at = new Date();
  // Conditional on status and version: a transition that commits between the read above and
  // this update makes it match nothing, so the loser of a race writes no event.
  const [delivery] = await tx.delivery.updateManyAndReturn({
    where: { id: deliveryId, status: from, version },
    data: {
      status: to,
      version: { increment: 1 },
      ...(to === 'assigned' ? { courierId: opts.courierId, assignedAt: at } : {}),
      ...(to === 'on_the_way' ? { pickedUpAt: at } : {}),
      ...(to === 'delivered' ? { deliveredAt: at } : {}),
    },
    select: {
      id: true,
      orderId: true,
      version: true,
      courierId: true,
      order: { select: { correlationId: true, restaurantId: true } },
    },
  });
  if (!delivery) {
    const now = await tx.delivery.findUnique({
      where: { id: deliveryId },
      select: { status: true, version: true },
    });
    if (!now) throw new DomainError('NOT_FOUND', 'We could not find that delivery.');
    const actual = now.status === from ? `${from} (version ${now.version})` : now.status;
    throw new StaleTransitionError('delivery', from, actual);
  }
  const events: Envelope[] = [
    event(
      'delivery.status_changed.v1',
      {
        deliveryId,
        orderId: delivery.orderId,
        from,
        to,
        version: delivery.version,
        actor,
        at: at.toISOString(),
        restaurantId: delivery.order.restaurantId,
        courierId: delivery.courierId,
      },
      {
        correlationId: delivery.order.correlationId,
        source: 'db.transitionDelivery',
        ...causation(opts),
      },
    ),
  ];
  await writeOutboxEvents(tx, events);
  return {
    deliveryId,
    orderId: delivery.orderId,
    from,
    to,
    version: delivery.version,
    at,
    courierId: delivery.courierId,
  };
}

function causation(meta: DeliveryMeta) {
  return meta.causationId ? { causationId: meta.causationId } : {};
}
