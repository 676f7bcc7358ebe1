// What a customer sends to rate an order, what an admin sends to hide a review, and how a list of
// reviews is paged. Shared with the browser, so the order page's form checks the same limits.
import { z } from 'zod';

import { safeText } from '../input/safe-text';

export const MIN_STARS = 1;
export const MAX_STARS = 5;
export const MAX_REVIEW_COMMENT_LENGTH = 1_000;
export const MAX_HIDE_REASON_LENGTH = 500;
export const MAX_REVIEWS_PAGE = 50;

const starsMessage = `Give between ${MIN_STARS} and ${MAX_STARS} whole stars`;

export const createReviewInputSchema = z.object({
  orderId: z.uuid({ error: 'We could not find that order.' }),
  stars: z
    .int({ error: starsMessage })
    .min(MIN_STARS, { error: starsMessage })
    .max(MAX_STARS, { error: starsMessage }),
  /** Optional; an empty comment is stored as none. */
  comment: safeText({ error: 'A comment is text' })
    .trim()
    .max(MAX_REVIEW_COMMENT_LENGTH, {
      error: `Keep the comment to ${MAX_REVIEW_COMMENT_LENGTH.toLocaleString('en')} characters or fewer`,
    })
    .optional()
    .transform((comment) => (comment ? comment : null)),
});
export type CreateReviewInput = z.input<typeof createReviewInputSchema>;

export const hideReviewInputSchema = z.object({
  reviewId: z.uuid({ error: 'We could not find that review.' }),
  reason: safeText({ error: 'Say why the review is hidden' })
    .trim()
    .min(1, { error: 'Say why the review is hidden' })
    .max(MAX_HIDE_REASON_LENGTH, {
      error: `Keep the reason to ${MAX_HIDE_REASON_LENGTH} characters or fewer`,
    }),
});
export type HideReviewInput = z.input<typeof hideReviewInputSchema>;

const pageFields = {
  /** The last review of the previous page. */
  cursor: z.uuid({ error: 'That page of reviews does not exist.' }).optional(),
  limit: z.int().min(1).max(MAX_REVIEWS_PAGE).default(20),
};

export const restaurantReviewsInputSchema = z.object({
  restaurantId: z.uuid({ error: 'We could not find that restaurant.' }),
  ...pageFields,
});

export const kitchenReviewsInputSchema = z
  .object({
    /** Admins name the restaurant; staff see their own. */
    restaurantId: z.uuid({ error: 'We could not find that restaurant.' }).optional(),
    ...pageFields,
  })
  .default({ limit: 20 });

export const adminReviewsInputSchema = z
  .object({ ...pageFields, hidden: z.boolean().optional() })
  .default({ limit: 20 });

export const reviewForOrderInputSchema = z.object({
  orderId: z.uuid({ error: 'We could not find that order.' }),
});
