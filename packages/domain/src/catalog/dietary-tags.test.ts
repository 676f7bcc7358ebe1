// The customer's dietary filter: a dish passes when it has every tag asked for, except "contains
// nuts", which asks for dishes without nuts.
import { describe, expect, it } from 'vitest';

import { DietaryTag } from '@tiffin/db/enums';

import type { DietaryTagName } from './dietary-tags';
import {
  DIETARY_TAG_LABELS,
  DIETARY_TAGS,
  dietaryTagSchema,
  matchesDietaryFilter,
} from './dietary-tags';

const dishes: Record<string, DietaryTagName[]> = {
  samosa: ['vegetarian', 'vegan', 'dairy_free'],
  bhaji: ['vegetarian', 'gluten_free'],
  korma: ['contains_nuts'],
  vindaloo: ['spicy', 'gluten_free'],
  pistachioKulfi: ['vegetarian', 'contains_nuts', 'gluten_free'],
  plainRice: [],
};

const passing = (wanted: DietaryTagName[]) =>
  Object.entries(dishes)
    .filter(([, tags]) => matchesDietaryFilter(tags, wanted))
    .map(([name]) => name);

describe('matchesDietaryFilter', () => {
  it('no filter shows every dish', () => {
    expect(passing([])).toEqual(Object.keys(dishes));
  });

  it('a diet shows only the dishes tagged with it; two diets only dishes with both', () => {
    expect(passing(['vegan'])).toEqual(['samosa']);
    expect(passing(['vegetarian'])).toEqual(['samosa', 'bhaji', 'pistachioKulfi']);
    expect(passing(['vegetarian', 'gluten_free'])).toEqual(['bhaji', 'pistachioKulfi']);
    expect(passing(['spicy', 'vegan'])).toEqual([]);
  });

  it('"contains nuts" filters nuts out, alone or with a diet', () => {
    expect(passing(['contains_nuts'])).toEqual(['samosa', 'bhaji', 'vindaloo', 'plainRice']);
    expect(passing(['vegetarian', 'contains_nuts'])).toEqual(['samosa', 'bhaji']);
  });
});

describe('the tags', () => {
  it('are the schema’s enum, each with a label, and nothing else is accepted', () => {
    expect([...DIETARY_TAGS].sort()).toEqual(Object.values(DietaryTag).sort());
    for (const tag of DIETARY_TAGS) expect(DIETARY_TAG_LABELS[tag].length).toBeGreaterThan(0);
    expect(DIETARY_TAG_LABELS.gluten_free).toBe('Gluten-free');
    expect(dietaryTagSchema.safeParse('halal').success).toBe(false);
  });
});
