// Who may rate an order, and until when: only its customer, once, after delivery and within the
// review window. Pure, so the order page shows the form exactly when `createReview` would accept.
import type { OrderStatus } from '@tiffin/db/enums';

import type { Actor } from '../authority/actor';
import { DomainError } from '../errors';

export const REVIEW_WINDOW_DAYS = 14;
const REVIEW_WINDOW_MS = REVIEW_WINDOW_DAYS * 24 * 60 * 60 * 1000;

export interface ReviewableOrder {
  userId: string;
  status: OrderStatus;
  /** When the order reached `delivered`; null before. */
  deliveredAt: Date | null;
}

/** The last moment a delivered order can be rated. */
export function reviewDeadline(deliveredAt: Date): Date {
  return new Date(deliveredAt.getTime() + REVIEW_WINDOW_MS);
}

/** Throws the typed reason an actor may not rate this order now; returns when they may. */
export function assertMayReview(actor: Actor, order: ReviewableOrder, now: Date): void {
  if (actor.kind !== 'person' || actor.userId !== order.userId) {
    throw new DomainError('FORBIDDEN', 'Only the customer who placed an order can rate it.');
  }
  if (order.status !== 'delivered' || !order.deliveredAt) {
    throw new DomainError(
      'ORDER_NOT_DELIVERED',
      'You can rate an order once it has been delivered.',
      { status: order.status },
    );
  }
  const deadline = reviewDeadline(order.deliveredAt);
  if (now.getTime() > deadline.getTime()) {
    throw new DomainError(
      'REVIEW_WINDOW_CLOSED',
      `Orders can be rated for ${REVIEW_WINDOW_DAYS} days after delivery; this one can no longer be rated.`,
      { deliveredAt: order.deliveredAt.toISOString(), closedAt: deadline.toISOString() },
    );
  }
}

/** A restaurant's rating from its visible reviews; the average to one decimal, null with none. */
export function ratingOf(counts: { ratingCount: number; ratingSum: number }): {
  average: number | null;
  count: number;
} {
  return {
    average:
      counts.ratingCount > 0 ? Math.round((counts.ratingSum / counts.ratingCount) * 10) / 10 : null,
    count: counts.ratingCount,
  };
}
