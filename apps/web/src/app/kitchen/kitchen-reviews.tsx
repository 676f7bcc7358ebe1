'use client';

// The kitchen's reviews tab: its rating and every review, newest first. Hidden ones stay listed,
// marked with the moderators' reason, so staff know why a review left the public page.
import { ConsoleSection } from '../../components/consoles/console-section';
import { LocalTime } from '../../components/local-time';
import { RestaurantRating, StarLine } from '../../components/restaurant-rating';
import { Button } from '../../components/ui/button';
import { api } from '../../trpc/react';

export function KitchenReviews({ restaurantId }: { restaurantId: string }) {
  const reviews = api.kitchen.reviews.useInfiniteQuery(
    { restaurantId, limit: 20 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const pages = reviews.data?.pages ?? [];
  const items = pages.flatMap((page) => page.items);
  const rating = pages[0]?.rating;

  return (
    <ConsoleSection
      id="kitchen-reviews"
      title="Reviews"
      testId="kitchen-reviews"
      aside={rating && <RestaurantRating rating={rating} testId="kitchen-rating" />}
    >
      {reviews.isPending ? (
        <p className="text-stone-600">Loading reviews…</p>
      ) : reviews.error ? (
        <p role="alert" className="text-red-700">
          {reviews.error.message}
        </p>
      ) : items.length === 0 ? (
        <p className="text-stone-600">No reviews yet.</p>
      ) : (
        <ul className="divide-y divide-stone-100">
          {items.map((review) => (
            <li key={review.id} className="py-3" data-testid="kitchen-review">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <StarLine stars={review.stars} />
                <span className="font-medium">{review.author}</span>
                <span className="text-stone-600">
                  <LocalTime value={review.createdAt} />
                </span>
                {review.hiddenAt && (
                  <span className="rounded-full bg-stone-100 px-2 py-0.5 text-xs font-semibold text-stone-700">
                    Hidden: {review.hiddenReason}
                  </span>
                )}
              </div>
              {review.comment && (
                <p className="mt-1.5 whitespace-pre-line text-stone-700">{review.comment}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {reviews.hasNextPage && (
        <Button
          variant="secondary"
          pending={reviews.isFetchingNextPage}
          onClick={() => void reviews.fetchNextPage()}
        >
          Show older reviews
        </Button>
      )}
    </ConsoleSection>
  );
}
