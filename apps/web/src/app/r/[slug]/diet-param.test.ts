// The diet filter lives in the URL: unknown tags are ignored, order follows the tag list, and
// turning the last chip off gives the plain menu link back.
import { describe, expect, it } from 'vitest';

import { dietHref, parseDietParam } from './diet-param';

describe('parseDietParam', () => {
  it('reads comma-separated and repeated parameters, ignoring tags it does not know', () => {
    expect(parseDietParam('vegan,gluten_free')).toEqual(['vegan', 'gluten_free']);
    expect(parseDietParam(['spicy', 'vegetarian,nonsense'])).toEqual(['vegetarian', 'spicy']);
    expect(parseDietParam(undefined)).toEqual([]);
    expect(parseDietParam('')).toEqual([]);
  });
});

describe('dietHref', () => {
  it('links to the menu with the filter, or without one', () => {
    expect(dietHref('saffron-tandoor', ['vegan', 'contains_nuts'])).toBe(
      '/r/saffron-tandoor?diet=vegan,contains_nuts',
    );
    expect(dietHref('saffron-tandoor', ['spicy', 'vegan'])).toBe(
      '/r/saffron-tandoor?diet=vegan,spicy',
    );
    expect(dietHref('saffron-tandoor', [])).toBe('/r/saffron-tandoor');
  });
});
