import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestDatabase } from '@tiffin/stack/testing';
import { createTestDatabase } from '@tiffin/stack/testing';

import { listCuisines, listRestaurants } from './menu-queries';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(async () => {
  await t.drop();
});

const slugs = (rows: { slug: string }[]) => rows.map((r) => r.slug).sort();

describe('listRestaurants', () => {
  it('lists every seeded restaurant, open ones first', async () => {
    const rows = await listRestaurants(t.db);
    expect(rows).toHaveLength(4);
    const firstClosed = rows.findIndex((r) => !r.isOpen);
    if (firstClosed !== -1) expect(rows.slice(firstClosed).every((r) => !r.isOpen)).toBe(true);
  });

  it('filters by cuisine, ignoring case', async () => {
    expect(slugs(await listRestaurants(t.db, { cuisine: 'italian' }))).toEqual(['nonna-lucia']);
    expect(await listRestaurants(t.db, { cuisine: 'Martian' })).toEqual([]);
  });

  it('searches names, cuisines, descriptions and dish names', async () => {
    expect(slugs(await listRestaurants(t.db, { search: 'RAMEN' }))).toEqual(['kaze-ramen']);
    expect(slugs(await listRestaurants(t.db, { search: 'mexican' }))).toEqual(['casa-verde']);
    const dish = await t.db.menuItem.findFirstOrThrow({
      where: { restaurant: { slug: 'nonna-lucia' } },
      orderBy: { name: 'asc' },
    });
    expect(slugs(await listRestaurants(t.db, { search: dish.name }))).toContain('nonna-lucia');
    expect(await listRestaurants(t.db, { search: 'zzz-no-such-thing' })).toEqual([]);
  });

  it('combines search and cuisine', async () => {
    expect(await listRestaurants(t.db, { search: 'ramen', cuisine: 'Italian' })).toEqual([]);
  });
});

describe('listCuisines', () => {
  it('gives each cuisine once, sorted', async () => {
    expect(await listCuisines(t.db)).toEqual(['Indian', 'Italian', 'Japanese', 'Mexican']);
  });
});
