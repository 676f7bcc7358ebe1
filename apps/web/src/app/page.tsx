// Home: restaurants as cards, open ones first, with search and a cuisine filter. Both are plain
// GET parameters, so filtering is server-rendered, linkable, and works before any JS loads.
// Rendered in one pass (no streaming): the queries take milliseconds and nothing jumps.
import Image from 'next/image';
import Link from 'next/link';

import { isSafeText } from '@tiffin/domain/client-safe';

import { OpenBadge } from '../components/open-badge';
import { RestaurantRating } from '../components/restaurant-rating';
import { buttonClass } from '../components/ui/button';
import { EmptyState } from '../components/ui/card';
import { inputClass } from '../components/ui/input';
import { LinkPending } from '../components/ui/link-pending';
import { getCaller } from '../server/caller';

interface HomePageProps {
  searchParams: Promise<{ q?: string | string[]; cuisine?: string | string[] }>;
}

/** First value of a query parameter, trimmed and bounded like the API's own input. */
function param(value: string | string[] | undefined, max: number): string {
  const first = Array.isArray(value) ? value[0] : value;
  return (first ?? '').trim().slice(0, max);
}

/** A filter the API would refuse (control characters) matches nothing: the page shows "no match". */
function matchesNothing(filter: { q: string; cuisine: string }): boolean {
  return !isSafeText(filter.q) || !isSafeText(filter.cuisine);
}

function homeHref(filter: { q: string; cuisine: string }): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.cuisine) params.set('cuisine', filter.cuisine);
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

export default async function HomePage({ searchParams }: HomePageProps) {
  const raw = await searchParams;
  const filter = { q: param(raw.q, 100), cuisine: param(raw.cuisine, 50) };

  return (
    <div className="space-y-8">
      <section className="rounded-3xl bg-gradient-to-br from-brand-700 to-rose-700 px-6 py-10 text-white shadow-sm sm:px-10 sm:py-14">
        <h1 className="max-w-xl text-3xl font-bold tracking-tight sm:text-4xl">
          Hungry? Local kitchens are cooking.
        </h1>
        <p className="mt-3 max-w-xl text-base text-white sm:text-lg">
          Pick a restaurant, fill your tiffin, and follow your order from the stove to your door.
        </p>
      </section>

      <section aria-labelledby="restaurants-heading" className="space-y-4">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
          <h2 id="restaurants-heading" className="text-xl font-semibold tracking-tight">
            Restaurants
          </h2>
          <form
            role="search"
            action="/"
            method="get"
            className="flex w-full gap-2 sm:w-auto"
            data-testid="restaurant-search"
          >
            {filter.cuisine && <input type="hidden" name="cuisine" value={filter.cuisine} />}
            <label htmlFor="restaurant-search-input" className="sr-only">
              Search restaurants
            </label>
            <input
              id="restaurant-search-input"
              type="search"
              name="q"
              defaultValue={filter.q}
              maxLength={100}
              placeholder="Search restaurants or dishes"
              className={`${inputClass} sm:w-72`}
              data-testid="restaurant-search-input"
            />
            <button type="submit" className={buttonClass('primary')}>
              Search
            </button>
          </form>
        </div>
        <CuisineFilter filter={filter} />
        <RestaurantList filter={filter} />
      </section>
    </div>
  );
}

async function CuisineFilter({ filter }: { filter: { q: string; cuisine: string } }) {
  const api = await getCaller();
  const cuisines = await api.restaurant.cuisines();
  const chip = (active: boolean) =>
    `block whitespace-nowrap rounded-full border px-3 py-1.5 text-sm font-medium transition ${
      active
        ? 'border-stone-900 bg-stone-900 text-white'
        : 'border-stone-300 bg-white text-stone-700 hover:border-brand-700 hover:text-brand-800'
    }`;
  return (
    <nav aria-label="Filter by cuisine" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex gap-2 py-0.5">
        <li>
          <Link
            href={homeHref({ q: filter.q, cuisine: '' })}
            className={chip(!filter.cuisine)}
            aria-current={!filter.cuisine ? 'page' : undefined}
            data-testid="cuisine-all"
          >
            All
          </Link>
        </li>
        {cuisines.map((cuisine) => {
          const active = cuisine.toLowerCase() === filter.cuisine.toLowerCase();
          return (
            <li key={cuisine}>
              <Link
                href={homeHref({ q: filter.q, cuisine: active ? '' : cuisine })}
                className={chip(active)}
                aria-current={active ? 'page' : undefined}
                data-testid={`cuisine-${cuisine.toLowerCase()}`}
              >
                {cuisine}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

async function RestaurantList({ filter }: { filter: { q: string; cuisine: string } }) {
  const api = await getCaller();
  const restaurants = matchesNothing(filter)
    ? []
    : await api.restaurant.list({
        search: filter.q || undefined,
        cuisine: filter.cuisine || undefined,
      });
  const filtered = Boolean(filter.q || filter.cuisine);

  if (restaurants.length === 0) {
    return filtered ? (
      <EmptyState title="No restaurants match" data-testid="restaurants-empty">
        <p>Try another search or cuisine.</p>
        <Link href="/" className={`${buttonClass('secondary')} mt-4`}>
          Show all restaurants
        </Link>
      </EmptyState>
    ) : (
      <EmptyState title="No restaurants yet" data-testid="restaurants-empty">
        <p>No restaurants are listed yet. Check back soon.</p>
      </EmptyState>
    );
  }

  return (
    <>
      {filtered && (
        <p className="text-sm text-stone-600" role="status" data-testid="restaurant-count">
          {restaurants.length === 1 ? '1 restaurant' : `${restaurants.length} restaurants`} found
        </p>
      )}
      <ul className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3" data-testid="restaurant-list">
        {restaurants.map((r) => (
          <li key={r.id}>
            <Link
              href={`/r/${r.slug}`}
              data-testid={`restaurant-card-${r.slug}`}
              className="group relative flex h-full flex-col overflow-hidden rounded-2xl border border-stone-200 bg-white shadow-sm transition hover:-translate-y-0.5 hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
            >
              {/* Our images are generated SVG (app/images): the optimizer has nothing to do. */}
              <Image
                src={r.imageUrl}
                alt={`${r.name}, ${r.cuisine} restaurant`}
                width={400}
                height={225}
                unoptimized
                loading="eager"
                className={`aspect-video w-full object-cover ${r.acceptingOrders ? '' : 'grayscale'}`}
              />
              <div className="flex flex-1 flex-col gap-2 p-4">
                <div className="flex items-start justify-between gap-3">
                  <h3 className="text-lg leading-tight font-semibold group-hover:text-brand-700">
                    {r.name}
                  </h3>
                  <OpenBadge isOpen={r.acceptingOrders} />
                </div>
                <p className="text-sm font-medium text-brand-700">{r.cuisine}</p>
                <RestaurantRating rating={r.rating} testId={`rating-${r.slug}`} />
                <p className="line-clamp-2 text-sm text-stone-600">{r.description}</p>
                {!r.acceptingOrders && r.opensNext && (
                  <p
                    className="text-sm font-medium text-amber-900"
                    data-testid={`opens-next-${r.slug}`}
                  >
                    Closed now; {r.opensNext}
                  </p>
                )}
              </div>
              <LinkPending />
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
