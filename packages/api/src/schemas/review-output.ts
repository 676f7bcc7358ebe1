// What review.* sends: a restaurant's public reviews, a new review, and an order's review state.
import { z } from 'zod';

import { outputDate, outputId, outputText } from './output-fields';

const ratingSchema = z.object({ average: z.number().nullable(), count: z.int() });

export const restaurantReviewsSchema = z
  .object({
    rating: ratingSchema,
    items: z.array(
      z.object({
        id: outputId(),
        /** The reviewer's first name. */
        author: outputText(),
        stars: z.int(),
        comment: outputText().nullable(),
        createdAt: outputDate(),
      }),
    ),
    /** Pass as `cursor` for the next page; null on the last. */
    nextCursor: outputText().nullable(),
  })
  .meta({ id: 'RestaurantReviews' });

export const reviewSchema = z
  .object({
    id: outputId(),
    orderId: outputId(),
    restaurantId: outputId(),
    stars: z.int(),
    comment: outputText().nullable(),
    createdAt: outputDate(),
    hiddenAt: outputDate().nullable(),
  })
  .meta({ id: 'Review' });

export const orderReviewSchema = z
  .object({
    review: reviewSchema.omit({ orderId: true, restaurantId: true }).nullable(),
    canReview: z.boolean(),
    reviewableUntil: outputDate().nullable(),
  })
  .meta({ id: 'OrderReview' });
