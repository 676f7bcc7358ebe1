'use client';

// "Rate this order" on the order page: it appears as soon as the live status says delivered
// (the API decides whether this viewer may rate it still), and the review once given.
import type { FormEvent } from 'react';

import { useState } from 'react';

import type { FieldErrors } from '@tiffin/api';
import {
  createReviewInputSchema,
  MAX_REVIEW_COMMENT_LENGTH,
  MAX_STARS,
  MIN_STARS,
} from '@tiffin/domain/client-safe';

import { LocalTime } from '../../../components/local-time';
import { StarLine } from '../../../components/restaurant-rating';
import { Button } from '../../../components/ui/button';
import { FormField } from '../../../components/ui/input';
import { fieldErrorsFromZod, firstError } from '../../../lib/field-errors';
import { api } from '../../../trpc/react';
import { useTrackedOrder } from './order-tracking';

const STAR_CHOICES = Array.from({ length: MAX_STARS - MIN_STARS + 1 }, (_, i) => MIN_STARS + i);

export function OrderReview({ orderId }: { orderId: string }) {
  const { status } = useTrackedOrder();
  const delivered = status === 'delivered';
  const review = api.review.forOrder.useQuery({ orderId }, { enabled: delivered });
  if (!delivered || !review.data) return null;
  const { review: given, canReview, reviewableUntil } = review.data;
  if (!given && !canReview) return null;

  return (
    <section
      aria-labelledby="review-heading"
      className="rounded-2xl border border-stone-200 bg-white p-5 shadow-sm"
      data-testid="order-review"
    >
      <h2 id="review-heading" className="mb-3 text-lg font-semibold">
        {given ? 'Your rating' : 'Rate this order'}
      </h2>
      {given ? (
        <div className="space-y-2" data-testid="order-review-given">
          <StarLine stars={given.stars} />
          {given.comment && <p className="whitespace-pre-line text-stone-700">{given.comment}</p>}
          {given.hiddenAt && (
            <p className="text-sm text-stone-600">
              Our moderators have hidden this review from the restaurant’s page.
            </p>
          )}
        </div>
      ) : (
        <ReviewForm orderId={orderId} until={reviewableUntil} />
      )}
    </section>
  );
}

function ReviewForm({ orderId, until }: { orderId: string; until: Date | null }) {
  const utils = api.useUtils();
  const [stars, setStars] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const create = api.review.create.useMutation({
    onSuccess: () => utils.review.forOrder.invalidate({ orderId }),
    onError: (error) => {
      setErrors(error.data?.fieldErrors ?? null);
      setMessage(error.data?.fieldErrors ? null : error.message);
      // Already rated (another tab): show the review that stands.
      if (error.data?.domain?.code === 'ALREADY_REVIEWED') {
        void utils.review.forOrder.invalidate({ orderId });
      }
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const parsed = createReviewInputSchema.safeParse({
      orderId,
      stars: stars ?? undefined,
      comment,
    });
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setErrors(null);
    create.mutate({ orderId, stars: parsed.data.stars, comment: parsed.data.comment ?? undefined });
  }

  const starsError = firstError(errors, 'stars');
  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="review-form">
      <fieldset aria-describedby={starsError ? 'review-stars-error' : undefined}>
        <legend className="mb-1.5 text-sm font-medium text-stone-800">Stars</legend>
        <div className="flex gap-1.5">
          {STAR_CHOICES.map((n) => (
            <label
              key={n}
              className={`cursor-pointer rounded-lg border px-2.5 py-1.5 text-sm font-semibold has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-700 ${
                stars !== null && n <= stars
                  ? 'border-amber-600 bg-amber-50 text-amber-900'
                  : 'border-stone-300 text-stone-700'
              }`}
            >
              <input
                type="radio"
                name="stars"
                value={n}
                checked={stars === n}
                onChange={() => setStars(n)}
                className="sr-only"
                data-testid={`review-stars-${n}`}
              />
              <span aria-hidden="true">★ </span>
              {n}
              <span className="sr-only">{n === 1 ? ' star' : ' stars'}</span>
            </label>
          ))}
        </div>
        {starsError && (
          <p id="review-stars-error" className="mt-1.5 text-sm text-red-700">
            {starsError}
          </p>
        )}
      </fieldset>
      <FormField
        id="review-comment"
        label="Comment (optional)"
        multiline
        maxLength={MAX_REVIEW_COMMENT_LENGTH}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        error={firstError(errors, 'comment')}
        hint={`Up to ${MAX_REVIEW_COMMENT_LENGTH.toLocaleString('en')} characters.`}
      />
      {message && (
        <p role="alert" className="text-sm text-red-700" data-testid="review-error">
          {message}
        </p>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        {until && (
          <p className="text-xs text-stone-600">
            You can rate this order until <LocalTime value={until} />.
          </p>
        )}
        <Button type="submit" pending={create.isPending} data-testid="review-submit">
          Submit rating
        </Button>
      </div>
    </form>
  );
}
