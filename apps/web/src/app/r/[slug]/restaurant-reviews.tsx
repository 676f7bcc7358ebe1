// The newest visible reviews under a restaurant's menu, server-rendered; hidden ones never reach
// the page because the API leaves them out.
import { LocalTime } from '../../../components/local-time';
import { StarLine } from '../../../components/restaurant-rating';
import { getCaller } from '../../../server/caller';

export async function RestaurantReviews({ restaurantId }: { restaurantId: string }) {
  const api = await getCaller();
  const { items } = await api.review.forRestaurant({ restaurantId, limit: 10 });
  return (
    <section
      aria-labelledby="reviews-heading"
      className="space-y-3"
      data-testid="restaurant-reviews"
    >
      <h2 id="reviews-heading" className="text-xl font-semibold tracking-tight">
        Reviews
      </h2>
      {items.length === 0 ? (
        <p className="text-stone-600">No reviews yet.</p>
      ) : (
        <ul className="space-y-3">
          {items.map((review) => (
            <li
              key={review.id}
              className="rounded-2xl border border-stone-200 bg-white p-4 shadow-sm"
              data-testid="restaurant-review"
            >
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <StarLine stars={review.stars} />
                <span className="font-medium">{review.author}</span>
                <span className="text-stone-600">
                  <LocalTime value={review.createdAt} />
                </span>
              </div>
              {review.comment && (
                <p className="mt-2 whitespace-pre-line text-stone-700">{review.comment}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
