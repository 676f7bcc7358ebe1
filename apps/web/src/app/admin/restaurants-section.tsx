'use client';

// Every restaurant with its autopilot switch, whether it takes orders and how many orders are
// live there, each with a way into its kitchen. A switch flips in the database at once; the
// workers read it when they next act.
import { useState } from 'react';
import Link from 'next/link';

import type { AdminRestaurant } from './admin-data';
import { ConsoleSection, InlineError } from '../../components/consoles/console-section';
import { ToggleSwitch } from '../../components/consoles/toggle-switch';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { inputClass } from '../../components/ui/input';
import { api } from '../../trpc/react';

/** Rows shown before "Show all": the filter finds the rest. */
const FIRST_ROWS = 25;

export function RestaurantsSection({ restaurants }: { restaurants: readonly AdminRestaurant[] }) {
  const [query, setQuery] = useState('');
  const [showAll, setShowAll] = useState(false);
  const needle = query.trim().toLowerCase();
  const shown = needle
    ? restaurants.filter(
        (r) => r.name.toLowerCase().includes(needle) || r.cuisine.toLowerCase().includes(needle),
      )
    : restaurants;
  const autopilots = restaurants.filter((r) => r.autopilot).length;
  return (
    <ConsoleSection
      id="restaurants"
      title="Restaurants and autopilot"
      description={`${restaurants.length} restaurants, ${autopilots} on autopilot. With autopilot on, kitchen steps nobody takes are taken for the staff, and a simulated courier takes deliveries no courier claims.`}
      testId="admin-restaurants"
    >
      <div className="max-w-md space-y-1.5">
        <label
          htmlFor="admin-restaurant-search"
          className="block text-sm font-medium text-stone-800"
        >
          Filter by name or cuisine
        </label>
        <input
          id="admin-restaurant-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className={`${inputClass} min-h-11`}
          data-testid="admin-restaurant-search"
        />
      </div>
      <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200">
        {(showAll ? shown : shown.slice(0, FIRST_ROWS)).map((restaurant) => (
          <RestaurantRow key={restaurant.id} restaurant={restaurant} />
        ))}
        {shown.length === 0 && <li className="px-3 py-4 text-stone-700">No restaurant matches.</li>}
      </ul>
      {!showAll && shown.length > FIRST_ROWS && (
        <Button
          variant="secondary"
          className="min-h-11 self-start"
          onClick={() => setShowAll(true)}
          data-testid="admin-restaurants-show-all"
        >
          Show all {shown.length} restaurants
        </Button>
      )}
    </ConsoleSection>
  );
}

function RestaurantRow({ restaurant }: { restaurant: AdminRestaurant }) {
  const utils = api.useUtils();
  const [error, setError] = useState<string | null>(null);
  const setAutopilot = api.admin.setAutopilot.useMutation({
    onSuccess: async (result) => {
      setError(null);
      utils.admin.restaurants.setData(undefined, (current) =>
        current?.map((r) =>
          r.id === result.restaurantId ? { ...r, autopilot: result.enabled } : r,
        ),
      );
      await utils.admin.restaurants.invalidate();
    },
    onError: (e) => setError(e.message),
  });
  return (
    <li
      className="grid gap-3 px-3 py-3 md:grid-cols-[minmax(0,1fr)_auto] md:items-center"
      data-testid={`admin-restaurant-${restaurant.id}`}
      data-autopilot={String(restaurant.autopilot)}
    >
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-semibold break-words">{restaurant.name}</span>
          <Badge
            tone={restaurant.isOpen ? 'success' : 'neutral'}
            dot
            data-testid={`admin-restaurant-open-${restaurant.id}`}
          >
            {restaurant.isOpen ? 'Open' : 'Closed'}
          </Badge>
        </p>
        <p className="text-sm text-stone-700">
          {restaurant.cuisine} ·{' '}
          <span data-testid={`admin-restaurant-live-${restaurant.id}`}>
            {restaurant.liveOrders} live {restaurant.liveOrders === 1 ? 'order' : 'orders'}
          </span>{' '}
          · {restaurant.staff} staff · {restaurant.dishes} dishes ·{' '}
          <Link
            href={`/kitchen?restaurant=${restaurant.id}`}
            className="font-semibold text-brand-800 underline"
          >
            Open kitchen<span className="sr-only"> of {restaurant.name}</span>
          </Link>
        </p>
        {error && (
          <InlineError testId={`admin-autopilot-error-${restaurant.id}`}>{error}</InlineError>
        )}
      </div>
      <ToggleSwitch
        checked={restaurant.autopilot}
        onChange={(enabled) => setAutopilot.mutate({ restaurantId: restaurant.id, enabled })}
        pending={setAutopilot.isPending}
        label={
          <>
            Autopilot<span className="sr-only"> for {restaurant.name}</span>
          </>
        }
        onText="On: steps nobody takes are taken"
        offText="Off: orders wait for people"
        testId={`admin-autopilot-${restaurant.id}`}
      />
    </li>
  );
}
