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

  it('says which restaurants take orders now, and when the others open: Kaze Ramen keeps its hours', async () => {
    // Monday 7 December 2026, 09:00 in London (GMT): the others are open around the clock.
    const morning = await listRestaurants(t.db, {}, new Date('2026-12-07T09:00:00Z'));
    expect(morning.map((r) => [r.slug, r.acceptingOrders, r.opensNext])).toEqual([
      ...morning.filter((r) => r.slug !== 'kaze-ramen').map((r) => [r.slug, true, null] as const),
      ['kaze-ramen', false, 'opens at 11:30'],
    ]);
    const lateNight = await listRestaurants(t.db, {}, new Date('2026-12-07T23:30:00Z'));
    expect(lateNight.find((r) => r.slug === 'kaze-ramen')).toMatchObject({
      acceptingOrders: false,
      opensNext: 'opens tomorrow at 11:30',
    });
    const noon = await listRestaurants(t.db, {}, new Date('2026-12-07T12:00:00Z'));
    expect(noon.every((r) => r.acceptingOrders && r.opensNext === null)).toBe(true);
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
