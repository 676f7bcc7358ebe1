'use client';

// The menu grouped by category. It starts from the server's data; stock then follows
// `menu.stockChanged` live, and a refetch on focus or reconnect covers anything missed.
import type { RouterOutputs } from '@tiffin/api';

import type { MenuRestaurant } from './menu-item-card';
import { useLiveStock } from '../../../hooks/use-live-stock';
import { api } from '../../../trpc/react';
import { MenuItemCard } from './menu-item-card';

type Menu = RouterOutputs['menu']['list'];
type MenuItem = Menu['items'][number];

/** Courses in the order people eat them; other categories follow alphabetically. */
const COURSE_ORDER = ['Starters', 'Mains', 'Sides', 'Desserts', 'Drinks'];

function courseRank(category: string): number {
  const rank = COURSE_ORDER.indexOf(category);
  return rank === -1 ? COURSE_ORDER.length : rank;
}

function groupByCategory(items: readonly MenuItem[]): [string, MenuItem[]][] {
  const groups = new Map<string, MenuItem[]>();
  for (const item of items) {
    const group = groups.get(item.category);
    if (group) group.push(item);
    else groups.set(item.category, [item]);
  }
  return [...groups].sort(([a], [b]) => courseRank(a) - courseRank(b) || a.localeCompare(b));
}

function categoryId(category: string): string {
  return `category-${category.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

export function RestaurantMenu({
  restaurant,
  initialMenu,
  hiddenIds,
  tagLabels,
}: {
  restaurant: MenuRestaurant;
  initialMenu: Menu;
  /** Dishes the customer's diet filter leaves out (decided on the server). */
  hiddenIds: readonly string[];
  tagLabels: Readonly<Record<string, string>>;
}) {
  const { data: menu } = api.menu.list.useQuery(
    { restaurantId: restaurant.id },
    { initialData: initialMenu, refetchOnWindowFocus: true },
  );
  useLiveStock(restaurant.id);
  const hidden = new Set(hiddenIds);
  const groups = groupByCategory(menu.items.filter((item) => !hidden.has(item.id)));

  if (groups.length === 0) {
    return (
      <p
        className="rounded-2xl border border-dashed border-stone-300 bg-white p-8 text-center text-stone-600"
        data-testid="menu-empty"
      >
        {menu.items.length === 0
          ? 'This menu is empty for now.'
          : 'No dishes match these filters. Remove one to see more.'}
      </p>
    );
  }

  return (
    <div className="space-y-8">
      <nav
        aria-label="Menu categories"
        className="sticky top-16 z-10 -mx-4 bg-stone-50/95 px-4 py-2 backdrop-blur sm:mx-0 sm:px-0"
      >
        <ul className="flex gap-2 overflow-x-auto">
          {groups.map(([category]) => (
            <li key={category}>
              <a
                href={`#${categoryId(category)}`}
                className="block whitespace-nowrap rounded-full border border-stone-200 bg-white px-3 py-1 text-sm font-medium text-stone-700 hover:border-brand-500 hover:text-brand-700"
              >
                {category}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {groups.map(([category, items]) => (
        <section
          key={category}
          aria-labelledby={categoryId(category)}
          className="scroll-mt-32 space-y-3"
        >
          <h2
            id={categoryId(category)}
            className="scroll-mt-32 text-xl font-semibold tracking-tight"
          >
            {category}
          </h2>
          <ul className="grid gap-4 md:grid-cols-2">
            {items.map((item) => (
              <li key={item.id}>
                <MenuItemCard
                  item={item}
                  restaurant={restaurant}
                  lowStockThreshold={menu.lowStockThreshold}
                  tagLabels={tagLabels}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
