// A restaurant and its menu, rendered in one pass: both queries take milliseconds, and a page
// that arrives whole has no layout jump and gives a bad slug a real 404. The diet filter runs here
// (matchesDietaryFilter), so the rule's module stays out of the menu's browser bundle.
import type { Metadata } from 'next';

import { cache } from 'react';
import Image from 'next/image';
import { notFound } from 'next/navigation';

import { DIETARY_TAG_LABELS, matchesDietaryFilter } from '@tiffin/domain/client-safe';

import { OpenBadge } from '../../../components/open-badge';
import { RestaurantRating } from '../../../components/restaurant-rating';
import { getCaller, isTRPCErrorCode } from '../../../server/caller';
import { dietHref, parseDietParam } from './diet-param';
import { DietaryFilter } from './dietary-filter';
import { RestaurantMenu } from './restaurant-menu';
import { RestaurantReviews } from './restaurant-reviews';

interface RestaurantPageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ diet?: string | string[] }>;
}

// Cached so generateMetadata and the page share one lookup per request.
const loadRestaurant = cache(async (slug: string) => {
  const api = await getCaller();
  try {
    return await api.restaurant.bySlug({ slug });
  } catch (error) {
    if (isTRPCErrorCode(error, 'NOT_FOUND', 'BAD_REQUEST')) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: RestaurantPageProps): Promise<Metadata> {
  const restaurant = await loadRestaurant((await params).slug);
  return { title: restaurant.name, description: restaurant.description };
}

export default async function RestaurantPage({ params, searchParams }: RestaurantPageProps) {
  const restaurant = await loadRestaurant((await params).slug);
  const diet = parseDietParam((await searchParams).diet);
  const api = await getCaller();
  const menu = await api.menu.list({ restaurantId: restaurant.id });
  const closedNote = restaurant.acceptingOrders
    ? null
    : restaurant.opensNext
      ? `${restaurant.name} is closed right now; it ${restaurant.opensNext}.`
      : `${restaurant.name} is closed right now.`;
  const menuRestaurant = {
    id: restaurant.id,
    slug: restaurant.slug,
    name: restaurant.name,
    isOpen: restaurant.acceptingOrders,
    closedReason: restaurant.opensNext
      ? `Opens ${restaurant.opensNext.replace(/^opens /, '')}`
      : null,
  };
  const hiddenIds = menu.items
    .filter((item) => !matchesDietaryFilter(item.tags, diet))
    .map((item) => item.id);

  return (
    <div className="space-y-8">
      <section className="flex flex-col overflow-hidden rounded-3xl border border-stone-200 bg-white shadow-sm md:flex-row">
        {/* Our images are generated SVG (app/images): the optimizer has nothing to do. */}
        <Image
          src={restaurant.imageUrl}
          alt={`${restaurant.name}, ${restaurant.cuisine} restaurant`}
          width={640}
          height={360}
          unoptimized
          loading="eager"
          className={`aspect-video w-full object-cover md:w-96 ${restaurant.acceptingOrders ? '' : 'grayscale'}`}
        />
        <div className="flex flex-1 flex-col justify-center gap-2 p-5 sm:p-6">
          <div className="flex flex-wrap items-center gap-3">
            <h1
              className="text-2xl font-bold tracking-tight sm:text-3xl"
              data-testid="restaurant-name"
            >
              {restaurant.name}
            </h1>
            <OpenBadge isOpen={restaurant.acceptingOrders} />
          </div>
          <p className="text-sm font-medium text-brand-700">{restaurant.cuisine}</p>
          <RestaurantRating rating={restaurant.rating} testId="restaurant-rating" />
          <p className="max-w-2xl text-stone-600">{restaurant.description}</p>
          {closedNote && (
            <p
              id="closed-note"
              data-testid="restaurant-closed"
              className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
              role="note"
            >
              {closedNote} You can look through the menu, but ordering opens when the kitchen does.
            </p>
          )}
        </div>
      </section>

      <div className="space-y-3">
        <DietaryFilter slug={restaurant.slug} active={diet} />
        {diet.length > 0 && (
          <p className="text-sm text-stone-600" role="status" data-testid="diet-count">
            {menu.items.length - hiddenIds.length} of {menu.items.length} dishes match.{' '}
            <a
              href={dietHref(restaurant.slug, [])}
              className="font-medium text-brand-700 underline"
            >
              Show all dishes
            </a>
          </p>
        )}
      </div>

      <RestaurantMenu
        restaurant={menuRestaurant}
        initialMenu={menu}
        hiddenIds={hiddenIds}
        tagLabels={DIETARY_TAG_LABELS}
      />

      <RestaurantReviews restaurantId={restaurant.id} />
    </div>
  );
}
