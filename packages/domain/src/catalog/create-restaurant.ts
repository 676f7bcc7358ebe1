// createRestaurant: a restaurant and its whole menu in one write, with a slug no other restaurant
// has, so each e2e test can shop at a restaurant of its own. Image paths follow the seed's
// layout, which the /images route turns into placeholder art.
import { randomBytes } from 'node:crypto';

import type { Db } from '@tiffin/db';

import type { DietaryTagName } from './dietary-tags';
import type { CreateRestaurantInput } from './restaurant-input';
import { DISH_FIELDS } from './dish-fields';
import { createRestaurantInputSchema } from './restaurant-input';

export interface CreatedMenuItem {
  id: string;
  name: string;
  description: string;
  category: string;
  priceCents: number;
  stock: number;
  isAvailable: boolean;
  imageUrl: string;
  tags: DietaryTagName[];
}

export interface CreatedRestaurant {
  restaurantId: string;
  slug: string;
  name: string;
  cuisine: string;
  isOpen: boolean;
  autopilot: boolean;
  imageUrl: string;
  /** In the order given. */
  menuItems: CreatedMenuItem[];
}

/** "Café Dosa & Co." → "cafe-dosa-co"; the image route turns the last path part into a label. */
export function slugify(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? fallback : slug;
}

/** Validates `input` (a ZodError names every problem, and nothing is written). */
export async function createRestaurant(
  db: Db,
  input: CreateRestaurantInput,
): Promise<CreatedRestaurant> {
  const data = createRestaurantInputSchema.parse(input);
  // Random, not counted: parallel tests (and workers) must never pick the same slug.
  const slug = `${slugify(data.name, 'restaurant')}-${randomBytes(4).toString('hex')}`;
  // One statement with a nested create, so the restaurant never exists without its menu.
  const restaurant = await db.restaurant.create({
    data: {
      slug,
      name: data.name,
      description: data.description,
      cuisine: data.cuisine,
      isOpen: data.isOpen,
      autopilot: data.autopilot,
      lat: data.location.lat,
      lng: data.location.lng,
      imageUrl: `/images/restaurants/${slug}.svg`,
      menuItems: {
        create: data.menuItems.map((item, index) => ({
          ...item,
          imageUrl: `/images/menu/${slug}/${slugify(item.name, `dish-${index + 1}`)}.svg`,
          sortOrder: index + 1,
        })),
      },
    },
    select: {
      id: true,
      slug: true,
      name: true,
      cuisine: true,
      isOpen: true,
      autopilot: true,
      imageUrl: true,
      menuItems: {
        orderBy: { sortOrder: 'asc' },
        select: DISH_FIELDS,
      },
    },
  });
  const { id, ...rest } = restaurant;
  return { restaurantId: id, ...rest };
}
