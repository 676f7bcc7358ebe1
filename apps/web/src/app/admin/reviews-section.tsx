'use client';

// Reviews, newest first, to moderate: hiding one (with a reason the restaurant sees) takes it off
// the public page and out of the restaurant's rating at once.
import type { FormEvent } from 'react';

import { useState } from 'react';

import type { RouterOutputs } from '@tiffin/api';
import { hideReviewInputSchema, MAX_HIDE_REASON_LENGTH } from '@tiffin/domain/client-safe';

import { ConsoleSection, InlineError } from '../../components/consoles/console-section';
import { LocalTime } from '../../components/local-time';
import { StarLine } from '../../components/restaurant-rating';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { FormField } from '../../components/ui/input';
import { api } from '../../trpc/react';

type AdminReview = RouterOutputs['admin']['reviews']['items'][number];

export function ReviewsSection() {
  const query = api.admin.reviews.useQuery({ limit: 50 });
  const items = query.data?.items ?? [];
  return (
    <ConsoleSection
      id="reviews"
      title="Reviews"
      description="The newest reviews. A hidden review leaves the restaurant's page and its rating."
      testId="admin-reviews"
    >
      {query.error && <InlineError>{query.error.message}</InlineError>}
      {query.data &&
        (items.length === 0 ? (
          <p className="text-stone-700">No reviews yet.</p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200">
            {items.map((review) => (
              <ReviewRow key={review.id} review={review} />
            ))}
          </ul>
        ))}
    </ConsoleSection>
  );
}

function ReviewRow({ review }: { review: AdminReview }) {
  const utils = api.useUtils();
  const [hiding, setHiding] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const hide = api.admin.hideReview.useMutation({
    onSuccess: () => {
      setHiding(false);
      void utils.admin.reviews.invalidate();
    },
    onError: (e) => setError(e.message),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = hideReviewInputSchema.safeParse({ reviewId: review.id, reason });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Say why the review is hidden');
      return;
    }
    setError(null);
    hide.mutate(parsed.data);
  }

  return (
    <li className="space-y-2 p-3" data-testid="admin-review" data-review-id={review.id}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <StarLine stars={review.stars} />
        <span className="font-medium">{review.restaurant.name}</span>
        <span className="text-stone-700">{review.user.email}</span>
        <span className="text-stone-700">
          <LocalTime value={review.createdAt} />
        </span>
        {review.hiddenAt ? (
          <Badge tone="neutral" data-testid="admin-review-hidden">
            Hidden: {review.hiddenReason}
          </Badge>
        ) : (
          !hiding && (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => setHiding(true)}
              data-testid="admin-review-hide"
            >
              Hide
            </Button>
          )
        )}
      </div>
      {review.comment && <p className="whitespace-pre-line text-stone-800">{review.comment}</p>}
      {hiding && !review.hiddenAt && (
        <form onSubmit={submit} noValidate className="space-y-2">
          <FormField
            id={`hide-reason-${review.id}`}
            label="Why hide it?"
            maxLength={MAX_HIDE_REASON_LENGTH}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={error ?? undefined}
          />
          <div className="flex gap-2">
            <Button type="submit" size="sm" variant="danger" pending={hide.isPending}>
              Hide review
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setHiding(false)}>
              Keep it
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}
