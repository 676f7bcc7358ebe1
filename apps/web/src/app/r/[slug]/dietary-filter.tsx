// The menu's diet filter: chips that add or remove a tag from `?diet=` in the URL, so a filtered
// menu is linkable, server-rendered and works before any JavaScript loads.
import Link from 'next/link';

import type { DietaryTagName } from '@tiffin/domain/client-safe';
import { DIETARY_TAGS } from '@tiffin/domain/client-safe';

import { dietHref } from './diet-param';

/** How each chip reads: "contains nuts" filters dishes out, so its chip says "No nuts". */
const CHIP_LABELS: Record<DietaryTagName, string> = {
  vegetarian: 'Vegetarian',
  vegan: 'Vegan',
  gluten_free: 'Gluten-free',
  dairy_free: 'Dairy-free',
  contains_nuts: 'No nuts',
  spicy: 'Spicy',
};

export function DietaryFilter({
  slug,
  active,
}: {
  slug: string;
  active: readonly DietaryTagName[];
}) {
  return (
    <nav aria-label="Filter dishes by diet" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex gap-2 py-0.5" data-testid="diet-filter">
        {DIETARY_TAGS.map((tag) => {
          const on = active.includes(tag);
          const next = on ? active.filter((t) => t !== tag) : [...active, tag];
          return (
            <li key={tag}>
              <Link
                href={dietHref(slug, next)}
                scroll={false}
                data-testid={`diet-${tag}`}
                data-active={String(on)}
                className={`relative block whitespace-nowrap rounded-full border px-3 py-1.5 text-sm font-medium transition ${
                  on
                    ? 'border-emerald-800 bg-emerald-800 text-white'
                    : 'border-stone-300 bg-white text-stone-700 hover:border-emerald-700 hover:text-emerald-800'
                }`}
              >
                {on && <span aria-hidden="true">✓ </span>}
                {CHIP_LABELS[tag]}
                <span className="sr-only">{on ? ' (filter on; remove)' : ' (add filter)'}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
