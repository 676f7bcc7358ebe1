'use client';

// For admins: which kitchen to open. Every restaurant, filtered as you type, each a big link.
import { useState } from 'react';
import Link from 'next/link';

import type { RouterOutputs } from '@tiffin/api';

import { touchInputClass } from '../../components/consoles/touch-input';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';

type Restaurant = RouterOutputs['admin']['restaurants'][number];

/** Rows shown before "Show all": the search finds the rest. */
const FIRST_ROWS = 25;

export function RestaurantPicker({
  restaurants,
  missing,
}: {
  restaurants: Restaurant[];
  /** The restaurant asked for does not exist (any more). */
  missing: boolean;
}) {
  const [query, setQuery] = useState('');
  const [showAll, setShowAll] = useState(false);
  const needle = query.trim().toLowerCase();
  const shown = needle
    ? restaurants.filter((r) => r.name.toLowerCase().includes(needle))
    : restaurants;

  return (
    <div className="space-y-5" data-testid="kitchen-picker">
      <div className="space-y-1">
        <h1 className="text-3xl font-bold tracking-tight">Which kitchen?</h1>
        <p className="text-stone-700">
          As an admin you can run any restaurant’s kitchen. Staff go straight to their own.
        </p>
      </div>
      {missing && (
        <p
          role="alert"
          className="rounded-lg bg-amber-50 px-4 py-3 text-amber-950 ring-1 ring-amber-300"
        >
          That restaurant could not be found. Choose one below.
        </p>
      )}
      <div className="max-w-md space-y-1.5">
        <label htmlFor="kitchen-picker-search" className="block text-sm font-medium text-stone-800">
          Find a restaurant
        </label>
        <input
          id="kitchen-picker-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className={`${touchInputClass} w-full`}
          data-testid="kitchen-picker-search"
        />
      </div>
      <Card padding="none" className="overflow-hidden">
        <ul className="divide-y divide-stone-200">
          {(showAll ? shown : shown.slice(0, FIRST_ROWS)).map((r) => (
            <li key={r.id}>
              <Link
                href={`/kitchen?restaurant=${r.id}`}
                className="flex min-h-14 flex-wrap items-center justify-between gap-3 px-4 py-3 text-lg font-semibold hover:bg-stone-50"
                data-testid={`kitchen-picker-${r.id}`}
              >
                <span className="min-w-0 break-words">{r.name}</span>
                <span className="flex flex-wrap gap-2">
                  <Badge tone={r.isOpen ? 'success' : 'neutral'}>
                    {r.isOpen ? 'Open' : 'Closed'}
                  </Badge>
                  <Badge tone="info">{r.liveOrders} live</Badge>
                  {r.autopilot && <Badge tone="accent">Autopilot</Badge>}
                </span>
              </Link>
            </li>
          ))}
          {shown.length === 0 && (
            <li className="px-4 py-6 text-stone-700">No restaurant matches.</li>
          )}
        </ul>
      </Card>
      {!showAll && shown.length > FIRST_ROWS && (
        <Button variant="secondary" size="xl" onClick={() => setShowAll(true)}>
          Show all {shown.length} restaurants
        </Button>
      )}
    </div>
  );
}
