// Reading reviews: the public list of a restaurant's visible ones, the kitchen's view of its own
// (hidden ones included, marked), the admin's moderation list, and the customer's own review on
// the order page with whether the form should show.
import type { z } from 'zod';

import type { Db, Prisma } from '@tiffin/db';

import type { Actor } from '../authority/actor';
import type {
  adminReviewsInputSchema,
  kitchenReviewsInputSchema,
  restaurantReviewsInputSchema,
} from './review-input';
import { restaurantActedOn } from '../authority/step-authority';
import { firstName } from '../dispatch/courier-queries';
import { DomainError, isDomainError } from '../errors';
import { canViewOrder } from '../orders/order-access';
import { deliveredAtOf } from './create-review';
import { requireAdmin } from './hide-review';
import { assertMayReview, ratingOf, reviewDeadline } from './review-rules';

/** Newest first; the id breaks ties so pages never skip or repeat a review. */
const NEWEST_FIRST = [
  { createdAt: 'desc' },
  { id: 'desc' },
] satisfies Prisma.ReviewOrderByWithRelationInput[];

interface Page {
  cursor?: string | undefined;
  limit: number;
}

/** One more than asked, to know whether another page follows. */
function pageArgs(page: Page) {
  return {
    orderBy: NEWEST_FIRST,
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  };
}

function paged<T extends { id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

async function restaurantRating(db: Db, restaurantId: string) {
  const restaurant = await db.restaurant.findUnique({
    where: { id: restaurantId },
    select: { ratingCount: true, ratingSum: true },
  });
  if (!restaurant) throw new DomainError('NOT_FOUND', 'We could not find that restaurant.');
  return ratingOf(restaurant);
}

/** Anyone: a restaurant's visible reviews, newest first, with its rating. */
export async function listRestaurantReviews(
  db: Db,
  input: z.output<typeof restaurantReviewsInputSchema>,
) {
  const rating = await restaurantRating(db, input.restaurantId);
  const rows = await db.review.findMany({
    where: { restaurantId: input.restaurantId, hiddenAt: null },
    ...pageArgs(input),
    select: {
      id: true,
      stars: true,
      comment: true,
      createdAt: true,
      user: { select: { name: true } },
    },
  });
  const page = paged(rows, input.limit);
  return {
    rating,
    nextCursor: page.nextCursor,
    items: page.items.map(({ user, ...review }) => ({ ...review, author: firstName(user.name) })),
  };
}

/** Staff of the restaurant (admins naming one): every review of it, hidden ones marked. */
export async function listKitchenReviews(
  db: Db,
  actor: Actor,
  input: z.output<typeof kitchenReviewsInputSchema>,
) {
  const restaurantId = restaurantActedOn(actor, input.restaurantId);
  const rating = await restaurantRating(db, restaurantId);
  const rows = await db.review.findMany({
    where: { restaurantId },
    ...pageArgs(input),
    select: {
      id: true,
      orderId: true,
      stars: true,
      comment: true,
      createdAt: true,
      hiddenAt: true,
      hiddenReason: true,
      user: { select: { name: true } },
    },
  });
  const page = paged(rows, input.limit);
  return {
    rating,
    nextCursor: page.nextCursor,
    items: page.items.map(({ user, ...review }) => ({ ...review, author: firstName(user.name) })),
  };
}

/** Admins: every review on the platform, newest first, to moderate. */
export async function listReviewsForAdmin(
  db: Db,
  actor: Actor,
  input: z.output<typeof adminReviewsInputSchema>,
) {
  requireAdmin(actor);
  const rows = await db.review.findMany({
    where: input.hidden === undefined ? {} : { hiddenAt: input.hidden ? { not: null } : null },
    ...pageArgs(input),
    select: {
      id: true,
      orderId: true,
      stars: true,
      comment: true,
      createdAt: true,
      hiddenAt: true,
      hiddenReason: true,
      hiddenBy: true,
      restaurant: { select: { id: true, name: true } },
      user: { select: { email: true } },
    },
  });
  return paged(rows, input.limit);
}

/**
 * For the order page: the order's review (to its customer even when hidden, marked), and whether
 * the viewer may rate it now and until when. Only people who may see the order get an answer.
 */
export async function reviewForOrder(db: Db, actor: Actor, orderId: string, now = new Date()) {
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: {
      userId: true,
      restaurantId: true,
      status: true,
      delivery: { select: { courierId: true } },
      review: {
        select: { id: true, stars: true, comment: true, createdAt: true, hiddenAt: true },
      },
    },
  });
  if (!order) throw new DomainError('NOT_FOUND', 'We could not find that order.');
  const viewer =
    actor.kind === 'person'
      ? { userId: actor.userId, role: actor.role, restaurantId: actor.restaurantId }
      : null;
  const parties = {
    userId: order.userId,
    restaurantId: order.restaurantId,
    courierId: order.delivery?.courierId ?? null,
  };
  if (!viewer || !canViewOrder(viewer, parties)) {
    throw new DomainError('FORBIDDEN', 'You do not have access to this order.');
  }
  const deliveredAt = order.status === 'delivered' ? await deliveredAtOf(db, orderId) : null;
  let canReview = !order.review;
  if (canReview) {
    try {
      assertMayReview(actor, { ...order, deliveredAt }, now);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      canReview = false;
    }
  }
  return {
    review: order.review,
    canReview,
    reviewableUntil: deliveredAt ? reviewDeadline(deliveredAt) : null,
  };
}
