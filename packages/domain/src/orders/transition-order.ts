// transitionOrder: the one way an order's status changes. A conditional update on the expected
// status and the version read in the same transaction, the history row and the event, in the
// caller's transaction. Cancelling puts the stock back, gives the order's coupon use back and,
// when it was paid, asks for its refund.
import type { PrismaTransaction } from '@tiffin/db';
import type { OrderStatus } from '@tiffin/db/enums';
import type { Envelope } from '@tiffin/events';

import { releaseCoupon } from '../coupons/redeem-coupon';
import { DomainError, IllegalTransitionError, StaleTransitionError } from '../errors';
import { event, writeOutboxEvents } from '../outbox/write-outbox';
import { requestRefundIfPaid } from '../payments/request-refund';
import { restoreStock } from '../stock/restore-stock';
import { canTransitionOrder } from './order-state-machine';

export interface TransitionMeta {
  /** The event that caused this transition, if any. */
  causationId?: string;
  /** Refuse unless the order is still at this version (optimistic concurrency for consoles). */
  expectedVersion?: number;
  /** Why: required of rejections and cancellations by people, shown to the customer. */
  reason?: string | null;
}

export interface OrderTransition {
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  version: number;
  at: Date;
  correlationId: string;
}

export async function transitionOrder(
  tx: PrismaTransaction,
  orderId: string,
  from: OrderStatus,
  to: OrderStatus,
  actor: string,
  meta: TransitionMeta = {},
): Promise<OrderTransition> {
  if (!canTransitionOrder(from, to)) throw new IllegalTransitionError('order', from, to);

  const current = await tx.order.findUnique({
    where: { id: orderId },
    select: { status: true, version: true },
  });
  if (!current) throw new DomainError('NOT_FOUND', 'We could not find that order.');
  const version = meta.expectedVersion ?? current.version;
  if (current.status !== from || current.version !== version) throw stale(from, current);

  const at = new Date();
  // Conditional on status and version: a transition that commits between the read above and
  // this update makes it match nothing, so the loser of a race writes no history and no event.
  const [order] = await tx.order.updateManyAndReturn({
    where: { id: orderId, status: from, version },
    data: { status: to, version: { increment: 1 } },
    select: { id: true, version: true, correlationId: true, restaurantId: true },
  });
  if (!order) {
    const now = await tx.order.findUnique({
      where: { id: orderId },
      select: { status: true, version: true },
    });
    if (!now) throw new DomainError('NOT_FOUND', 'We could not find that order.');
    throw stale(from, now);
  }

  const reason = meta.reason ?? null;
  await tx.orderStatusChange.create({
    data: { orderId, from, to, at, actor, reason },
    select: { id: true },
  });
  const eventMeta = {
    correlationId: order.correlationId,
    source: 'db.transitionOrder',
    ...(meta.causationId ? { causationId: meta.causationId } : {}),
  };
  const events: Envelope[] = [
    event(
      'order.status_changed.v1',
      {
        orderId,
        from,
        to,
        version: order.version,
        actor,
        at: at.toISOString(),
        restaurantId: order.restaurantId,
        reason,
      },
      eventMeta,
    ),
  ];
  if (to === 'cancelled') {
    await releaseCoupon(tx, orderId);
    // A paid order is refunded in full; the worker asks the provider.
    await requestRefundIfPaid(tx, orderId, eventMeta);
    const restored = await restoreStock(tx, orderId);
    if (restored.length > 0) {
      events.push(
        event(
          'menu.stock_changed.v1',
          { restaurantId: order.restaurantId, items: restored, reason: 'cancellation' },
          eventMeta,
        ),
      );
    }
  }
  await writeOutboxEvents(tx, events);
  return { orderId, from, to, version: order.version, at, correlationId: order.correlationId };
}

/** The order moved on (or is at another version than the caller expected) since it was read. */
function stale(from: OrderStatus, current: { status: OrderStatus; version: number }) {
  const actual = current.status === from ? `${from} (version ${current.version})` : current.status;
  return new StaleTransitionError('order', from, actual);
}
