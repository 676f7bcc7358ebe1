// The menu's diet filter as a URL parameter (`?diet=vegan,gluten_free`): read leniently, written
// in the order of the tag list, so one filter always has one link.
import type { DietaryTagName } from '@tiffin/domain/client-safe';
import { DIETARY_TAGS } from '@tiffin/domain/client-safe';

/** The tags in a `diet` query parameter ("vegan,gluten_free"); unknown ones are ignored. */
export function parseDietParam(value: string | string[] | undefined): DietaryTagName[] {
  const raw = (Array.isArray(value) ? value.join(',') : (value ?? '')).split(',');
  return DIETARY_TAGS.filter((tag) => raw.includes(tag));
}

/** The menu's link for a filter, tags in the list's order whatever order they were picked in. */
export function dietHref(slug: string, diet: readonly DietaryTagName[]): string {
  const tags = DIETARY_TAGS.filter((tag) => diet.includes(tag));
  return tags.length > 0 ? `/r/${slug}?diet=${tags.join(',')}` : `/r/${slug}`;
}
