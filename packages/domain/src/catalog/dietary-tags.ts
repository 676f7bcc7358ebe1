// Dietary tags: what a dish is, for customers who filter a menu by diet or allergy.
import { z } from 'zod';

export const DIETARY_TAGS = [
  'vegetarian',
  'vegan',
  'gluten_free',
  'dairy_free',
  'contains_nuts',
  'spicy',
] as const;

export type DietaryTagName = (typeof DIETARY_TAGS)[number];

export const DIETARY_TAG_LABELS: Readonly<Record<DietaryTagName, string>> = {
  vegetarian: 'Vegetarian',
  vegan: 'Vegan',
  gluten_free: 'Gluten-free',
  dairy_free: 'Dairy-free',
  contains_nuts: 'Contains nuts',
  spicy: 'Spicy',
};

export const dietaryTagSchema = z.enum(DIETARY_TAGS, {
  error: `A tag is one of: ${DIETARY_TAGS.join(', ')}`,
});

/** Whether a dish passes a customer's filter: every tag asked for, except "contains nuts", which filters out. */
export function matchesDietaryFilter(
  tags: readonly DietaryTagName[],
  wanted: readonly DietaryTagName[],
): boolean {
  return wanted.every((tag) =>
    tag === 'contains_nuts' ? !tags.includes(tag) : tags.includes(tag),
  );
}
