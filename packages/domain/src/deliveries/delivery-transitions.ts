// Deliveries: created once per order when it leaves the kitchen, then moved along their state
// machine by the simulator or a courier. Each change writes its event in the same transaction.
import type { PrismaTransaction } from '@tiffin/db';
import type { DeliveryStatus } from '@tiffin/db/enums';
import type { Envelope } from '@tiffin/events';

import { DomainError, IllegalTransitionError, StaleTransitionError } from '../errors';
import { event, writeOutboxEvents } from '../outbox/write-outbox';
import { canTransitionDelivery } from './delivery-state-machine';

export interface DeliveryMeta {
  causationId?: string;
}

/**
 * The order's delivery, created `waiting` with a `delivery.created.v1` event. Idempotent: a
 * second call returns the existing delivery and writes nothing.
 */
export async function createDeliveryForOrder(
  tx: PrismaTransaction,
  orderId: string,
  meta: DeliveryMeta = {},
): Promise<{ deliveryId: string; created: boolean }> {
  const existing = await tx.delivery.findUnique({ where: { orderId }, select: { id: true } });
  if (existing) return { deliveryId: existing.id, created: false };
  const order = await tx.order.findUnique({
    where: { id: orderId },
    select: { status: true, restaurantId: true, correlationId: true },
  });
  if (!order) throw new DomainError('NOT_FOUND', 'We could not find that order.');
  if (order.status !== 'out_for_delivery') {
    throw new StaleTransitionError('order', 'out_for_delivery', order.status);
  }
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
}

/** The one way a delivery's status changes: conditional on the expected status and version. */
export async function transitionDelivery(
  tx: PrismaTransaction,
  deliveryId: string,
  from: DeliveryStatus,
  to: DeliveryStatus,
  actor: string,
  meta: DeliveryMeta = {},
): Promise<DeliveryTransition> {
  if (!canTransitionDelivery(from, to)) throw new IllegalTransitionError('delivery', from, to);
  const current = await tx.delivery.findUnique({
    where: { id: deliveryId },
    select: { status: true, version: true },
  });
  if (!current) throw new DomainError('NOT_FOUND', 'We could not find that delivery.');
  if (current.status !== from) throw new StaleTransitionError('delivery', from, current.status);
  const at = new Date();
  // Conditional on status and version: a transition that commits between the read above and
  // this update makes it match nothing, so the loser of a race writes no event.
  const [delivery] = await tx.delivery.updateManyAndReturn({
    where: { id: deliveryId, status: from, version: current.version },
    data: {
      status: to,
      version: { increment: 1 },
      ...(to === 'on_the_way' ? { pickedUpAt: at } : {}),
      ...(to === 'delivered' ? { deliveredAt: at } : {}),
    },
    select: { id: true, orderId: true, version: true, order: { select: { correlationId: true } } },
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
      },
      {
        correlationId: delivery.order.correlationId,
        source: 'db.transitionDelivery',
        ...causation(meta),
      },
    ),
  ];
  await writeOutboxEvents(tx, events);
  return { deliveryId, orderId: delivery.orderId, from, to, version: delivery.version, at };
}

function causation(meta: DeliveryMeta) {
  return meta.causationId ? { causationId: meta.causationId } : {};
}
