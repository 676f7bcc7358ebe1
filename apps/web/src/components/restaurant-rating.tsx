// A restaurant's rating from its visible reviews, as cards and the menu page show it. The stars
// are decoration; screen readers hear a sentence instead.
export interface Rating {
  average: number | null;
  count: number;
}

export function ratingSentence({ average, count }: Rating): string {
  if (average === null || count === 0) return 'No reviews yet';
  return `Rated ${average.toFixed(1)} out of 5 from ${count === 1 ? '1 review' : `${count} reviews`}`;
}

export function RestaurantRating({ rating, testId }: { rating: Rating; testId: string }) {
  const sentence = ratingSentence(rating);
  if (rating.average === null || rating.count === 0) {
    return (
      <p className="text-sm text-stone-600" data-testid={testId} data-count="0">
        {sentence}
      </p>
    );
  }
  return (
    <p
      className="flex items-center gap-1 text-sm text-stone-700"
      data-testid={testId}
      data-average={rating.average.toFixed(1)}
      data-count={rating.count}
    >
      <span aria-hidden="true" className="text-amber-700">
        ★
      </span>
      <span className="font-semibold text-stone-900" aria-hidden="true">
        {rating.average.toFixed(1)}
      </span>
      <span aria-hidden="true">
        ({rating.count === 1 ? '1 review' : `${rating.count} reviews`})
      </span>
      <span className="sr-only">{sentence}</span>
    </p>
  );
}

/** "★★★★☆" for one review, with its number for screen readers. */
export function StarLine({ stars }: { stars: number }) {
  return (
    <span aria-label={`${stars} out of 5 stars`} role="img" className="text-amber-700">
      {'★'.repeat(stars)}
      <span className="text-stone-300">{'★'.repeat(5 - stars)}</span>
    </span>
  );
}
