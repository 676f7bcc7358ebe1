// Rating a delivered order. The review row and the restaurant's count and star sum move in one
// transaction, by atomic increments on the restaurant row, so concurrent reviews never lose one;
// the unique order id makes the second review of an order fail whichever commits first.
import type { z } from 'zod';

import type { PrismaTransaction } from '@tiffin/db';
import { Prisma } from '@tiffin/db';

import type { Actor } from '../authority/actor';
import type { createReviewInputSchema } from './review-input';
import { DomainError } from '../errors';
import { assertMayReview } from './review-rules';

export const reviewSelect = {
  id: true,
  orderId: true,
  restaurantId: true,
  stars: true,
  comment: true,
  createdAt: true,
  hiddenAt: true,
} satisfies Prisma.ReviewSelect;

function alreadyReviewed(reviewId: string | null): DomainError<'ALREADY_REVIEWED'> {
  return new DomainError('ALREADY_REVIEWED', 'You have already rated this order.', { reviewId });
}

/** When the order reached `delivered`, from its history; null if it never did. */
export async function deliveredAtOf(tx: PrismaTransaction, orderId: string): Promise<Date | null> {
  const change = await tx.orderStatusChange.findFirst({
    where: { orderId, to: 'delivered' },
    orderBy: { at: 'asc' },
    select: { at: true },
  });
  return change?.at ?? null;
}

export async function createReview(
  tx: PrismaTransaction,
  actor: Actor,
  input: z.output<typeof createReviewInputSchema>,
  now = new Date(),
) {
  const order = await tx.order.findUnique({
    where: { id: input.orderId },
    select: { userId: true, restaurantId: true, status: true, review: { select: { id: true } } },
  });
  if (!order) throw new DomainError('NOT_FOUND', 'We could not find that order.');
  assertMayReview(actor, { ...order, deliveredAt: await deliveredAtOf(tx, input.orderId) }, now);
  if (order.review) throw alreadyReviewed(order.review.id);

  let review;
  try {
    review = await tx.review.create({
      data: {
        orderId: input.orderId,
        restaurantId: order.restaurantId,
        userId: order.userId,
        stars: input.stars,
        comment: input.comment,
        createdAt: now,
      },
      select: reviewSelect,
    });
  } catch (error) {
    // A concurrent review of the same order committed first: the unique order id refused this one.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw alreadyReviewed(null);
    }
    throw error;
  }
  await tx.restaurant.update({
    where: { id: order.restaurantId },
    data: { ratingCount: { increment: 1 }, ratingSum: { increment: input.stars } },
    select: { id: true },
  });
  return review;
}
