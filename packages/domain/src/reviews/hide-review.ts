// Admins hide a review (with a reason): it leaves the public list and the restaurant's rating in
// the same transaction. The update is conditional on the review still being visible, so two
// admins hiding it at once take its stars off the rating exactly once.
import type { z } from 'zod';

import type { PrismaTransaction } from '@tiffin/db';

import type { Actor } from '../authority/actor';
import type { hideReviewInputSchema } from './review-input';
import { actorLabel } from '../authority/actor';
import { DomainError } from '../errors';

export function requireAdmin(actor: Actor): void {
  if (actor.kind !== 'person' || actor.role !== 'ADMIN') {
    throw new DomainError('FORBIDDEN', 'Only admins can moderate reviews.');
  }
}

export async function hideReview(
  tx: PrismaTransaction,
  actor: Actor,
  input: z.output<typeof hideReviewInputSchema>,
  now = new Date(),
) {
  requireAdmin(actor);
  const review = await tx.review.findUnique({
    where: { id: input.reviewId },
    select: { id: true, restaurantId: true, stars: true },
  });
  if (!review) throw new DomainError('NOT_FOUND', 'We could not find that review.');
  const hidden = await tx.review.updateMany({
    where: { id: review.id, hiddenAt: null },
    data: { hiddenAt: now, hiddenReason: input.reason, hiddenBy: actorLabel(actor) },
  });
  if (hidden.count !== 1) {
    throw new DomainError('INVALID_REQUEST', 'That review is hidden already.');
  }
  await tx.restaurant.update({
    where: { id: review.restaurantId },
    data: { ratingCount: { decrement: 1 }, ratingSum: { decrement: review.stars } },
    select: { id: true },
  });
  return { reviewId: review.id, hiddenAt: now, reason: input.reason };
}
