// Home: every restaurant as a card, open ones first. The hero paints at once; the list streams.
import Link from 'next/link';
import { Suspense } from 'react';

import { OpenBadge } from '../components/open-badge';
import { RestaurantGridSkeleton } from '../components/skeletons';
import { getCaller } from '../server/caller';

export default function HomePage() {
  return (
    <div className="space-y-8">
      <section className="rounded-3xl bg-gradient-to-br from-brand-500 to-rose-500 px-6 py-10 text-white shadow-sm sm:px-10 sm:py-14">
        <h1 className="max-w-xl text-3xl font-bold tracking-tight sm:text-4xl">
          Hungry? Local kitchens are cooking.
        </h1>
        <p className="mt-3 max-w-xl text-base text-white/90 sm:text-lg">
          Pick a restaurant, fill your tiffin, and follow your order from the stove to your door.
        </p>
      </section>

      <section aria-labelledby="restaurants-heading" className="space-y-4">
        <h2 id="restaurants-heading" className="text-xl font-semibold tracking-tight">
          Restaurants
        </h2>
        <Suspense fallback={<RestaurantGridSkeleton />}>
          <RestaurantList />
        </Suspense>
      </section>
    </div>
  );
}

async function RestaurantList() {
  const api = await getCaller();
  const restaurants = await api.restaurant.list();

  if (restaurants.length === 0) {
    return (
      <p className="rounded-2xl border border-dashed border-stone-300 bg-white p-8 text-center text-stone-600">
        No restaurants are listed yet. Check back soon.
      </p>
    );
  }

  return (
    <ul className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3" data-testid="restaurant-list">
      {restaurants.map((r) => (
        <li key={r.id}>
          <Link
            href={`/r/${r.slug}`}
            data-testid={`restaurant-card-${r.slug}`}
            className="group flex h-full flex-col overflow-hidden rounded-2xl border border-stone-200 bg-white shadow-sm transition hover:-translate-y-0.5 hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            <img
              src={r.imageUrl}
              alt={`${r.name}, ${r.cuisine} restaurant`}
              width={400}
              height={225}
              className={`aspect-video w-full object-cover ${r.isOpen ? '' : 'grayscale'}`}
            />
            <div className="flex flex-1 flex-col gap-2 p-4">
              <div className="flex items-start justify-between gap-3">
                <h3 className="text-lg leading-tight font-semibold group-hover:text-brand-700">
                  {r.name}
                </h3>
                <OpenBadge isOpen={r.isOpen} />
              </div>
              <p className="text-sm font-medium text-brand-700">{r.cuisine}</p>
              <p className="line-clamp-2 text-sm text-stone-600">{r.description}</p>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
