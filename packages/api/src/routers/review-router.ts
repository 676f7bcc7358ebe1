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

import { actorProcedure, publicProcedure } from '../trpc';

export const reviewRouter = {
  /** Rate a delivered order once: 1–5 stars and an optional comment, within the review window. */
  create: actorProcedure
    .input(createReviewInputSchema)
    .mutation(({ ctx, input }) => ctx.db.$transaction((tx) => createReview(tx, ctx.actor, input))),

  /** A restaurant's visible reviews, newest first, with its rating; paged by `cursor`. */
  forRestaurant: publicProcedure
    .input(restaurantReviewsInputSchema)
    .query(({ ctx, input }) => listRestaurantReviews(ctx.db, input)),

  /** The order's review and whether the viewer may rate it now (the order page's form). */
  forOrder: actorProcedure
    .input(reviewForOrderInputSchema)
    .query(({ ctx, input }) => reviewForOrder(ctx.db, ctx.actor, input.orderId)),
} satisfies TRPCRouterRecord;
