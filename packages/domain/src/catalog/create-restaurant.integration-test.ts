import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ZodError } from 'zod';

import type { TestDatabase } from '@tiffin/stack/testing';
import { createTestDatabase } from '@tiffin/stack/testing';

import { createRestaurant, slugify } from './create-restaurant';
import { DEMO_AREA_CENTRE } from './restaurant-input';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(async () => {
  await t.drop();
});

async function counts() {
  return { restaurants: await t.db.restaurant.count(), items: await t.db.menuItem.count() };
}

describe('createRestaurant', () => {
  it('writes an open restaurant with a fresh slug and its whole menu, in the order given', async () => {
    const before = await counts();
    const created = await createRestaurant(t.db, {
      name: 'Café Dosa & Co.',
      menuItems: [
        {
          name: 'Masala Dosa',
          category: 'Mains',
          priceCents: 950,
          stock: 3,
          tags: ['vegetarian', 'gluten_free'],
        },
        {
          name: 'Filter Coffee',
          description: 'Chicory and milk.',
          category: 'Drinks',
          priceCents: 300,
          isAvailable: false,
        },
      ],
    });

    expect(created.slug).toMatch(/^cafe-dosa-co-[0-9a-f]{8}$/);
    expect(created).toMatchObject({ name: 'Café Dosa & Co.', cuisine: 'Test', isOpen: true });
    expect(created.menuItems).toEqual([
      {
        id: expect.any(String),
        name: 'Masala Dosa',
        description: '',
        category: 'Mains',
        priceCents: 950,
        stock: 3,
        isAvailable: true,
        imageUrl: `/images/menu/${created.slug}/masala-dosa.svg`,
        tags: ['vegetarian', 'gluten_free'],
      },
      {
        id: expect.any(String),
        name: 'Filter Coffee',
        description: 'Chicory and milk.',
        category: 'Drinks',
        priceCents: 300,
        stock: 20,
        isAvailable: false,
        imageUrl: `/images/menu/${created.slug}/filter-coffee.svg`,
        tags: [],
      },
    ]);

    const row = await t.db.restaurant.findUniqueOrThrow({
      where: { slug: created.slug },
      include: { menuItems: { orderBy: { sortOrder: 'asc' } } },
    });
    // Test restaurants run on autopilot in the demo area unless told otherwise.
    expect(row).toMatchObject({
      id: created.restaurantId,
      isOpen: true,
      autopilot: true,
      lat: DEMO_AREA_CENTRE.lat,
      lng: DEMO_AREA_CENTRE.lng,
      imageUrl: `/images/restaurants/${created.slug}.svg`,
    });
    expect(row.menuItems.map((i) => [i.name, i.stock, i.sortOrder])).toEqual([
      ['Masala Dosa', 3, 1],
      ['Filter Coffee', 20, 2],
    ]);
    expect(await counts()).toEqual({
      restaurants: before.restaurants + 1,
      items: before.items + 2,
    });
    // A new restaurant is no state change of an order or of stock: no event.
    expect(await t.db.outboxEvent.count()).toBe(0);
  });

  it('the same name twice gives two restaurants with different slugs', async () => {
    const input = { name: 'Twin Kitchen', menuItems: [{ name: 'Soup', priceCents: 400 }] };
    const [a, b] = await Promise.all([
      createRestaurant(t.db, input),
      createRestaurant(t.db, input),
    ]);
    expect(a.slug).not.toBe(b.slug);
    expect(await t.db.restaurant.count({ where: { name: 'Twin Kitchen' } })).toBe(2);
  });

  it.each([
    ['no menu', { name: 'Empty', menuItems: [] }, 'menuItems'],
    [
      'a duplicate dish name',
      {
        name: 'Echo',
        menuItems: [
          { name: 'Naan', priceCents: 200 },
          { name: 'Naan', priceCents: 250 },
        ],
      },
      'menuItems',
    ],
    [
      'a negative price',
      { name: 'Cheap', menuItems: [{ name: 'Rice', priceCents: -1 }] },
      'menuItems.0.priceCents',
    ],
    [
      'fractional stock',
      { name: 'Halves', menuItems: [{ name: 'Rice', priceCents: 100, stock: 1.5 }] },
      'menuItems.0.stock',
    ],
    ['a blank name', { name: '   ', menuItems: [{ name: 'Rice', priceCents: 100 }] }, 'name'],
  ])('refuses %s and writes nothing', async (_label, input, path) => {
    const before = await counts();
    const error: unknown = await createRestaurant(t.db, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => i.path.join('.'))).toContain(path);
    expect(await counts()).toEqual(before);
  });
});

describe('slugify', () => {
  it('keeps letters and digits, folds accents, and falls back when nothing is left', () => {
    expect(slugify('  Nonna Lucìa 2!  ', 'x')).toBe('nonna-lucia-2');
    expect(slugify('🍜🍜', 'dish-3')).toBe('dish-3');
  });
});
