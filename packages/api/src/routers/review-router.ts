// review.*: customers rate their delivered orders; anyone reads a restaurant's visible reviews.
// Who may rate what, and when, is the domain's rule; this only wires it.
import type { TRPCRouterRecord } from '@trpc/server';

import {
  createReview,
  createReviewInputSchema,
  listRestaurantReviews,
  restaurantReviewsInputSchema,
  reviewForOrder,
  reviewForOrderInputSchema,
} from '@tiffin/domain';

import { orderReviewSchema, restaurantReviewsSchema, reviewSchema } from '../schemas/review-output';
import { actorProcedure, publicProcedure } from '../trpc';

export const reviewRouter = {
  /** Rate a delivered order once: 1–5 stars and an optional comment, within the review window. */
  create: actorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/orders/{orderId}/review',
        tags: ['reviews'],
        summary: 'Rate a delivered order once (1–5 stars, an optional comment)',
        protect: true,
      },
    })
    .input(createReviewInputSchema)
    .output(reviewSchema)
    .mutation(({ ctx, input }) => ctx.db.$transaction((tx) => createReview(tx, ctx.actor, input))),

  /** A restaurant's visible reviews, newest first, with its rating; paged by `cursor`. */
  forRestaurant: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/restaurants/{restaurantId}/reviews',
        tags: ['reviews'],
        summary: "A restaurant's visible reviews, newest first, with its rating",
        protect: false,
      },
    })
    .input(restaurantReviewsInputSchema)
    .output(restaurantReviewsSchema)
    .query(({ ctx, input }) => listRestaurantReviews(ctx.db, input)),

  /** The order's review and whether the viewer may rate it now (the order page's form). */
  forOrder: actorProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/orders/{orderId}/review',
        tags: ['reviews'],
        summary: "The order's review, and whether you may rate it now",
        protect: true,
      },
    })
    .input(reviewForOrderInputSchema)
    .output(orderReviewSchema)
    .query(({ ctx, input }) => reviewForOrder(ctx.db, ctx.actor, input.orderId)),
} satisfies TRPCRouterRecord;
