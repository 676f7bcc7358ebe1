// Browsing: restaurants and their menus with live stock.
import type { Db } from '@tiffin/db';

export interface RestaurantFilter {
  search?: string;
  cuisine?: string;
}

const restaurantSummary = {
  id: true,
  slug: true,
  name: true,
  description: true,
  cuisine: true,
  imageUrl: true,
  isOpen: true,
} as const;

export function listRestaurants(db: Db, filter: RestaurantFilter = {}) {
  const search = filter.search?.trim();
  return db.restaurant.findMany({
    where: {
      ...(filter.cuisine ? { cuisine: { equals: filter.cuisine, mode: 'insensitive' } } : {}),
      ...(search
        ? {
            OR: [
              { name: { contains: search, mode: 'insensitive' } },
              { cuisine: { contains: search, mode: 'insensitive' } },
              { description: { contains: search, mode: 'insensitive' } },
              { menuItems: { some: { name: { contains: search, mode: 'insensitive' } } } },
            ],
          }
        : {}),
    },
    orderBy: [{ isOpen: 'desc' }, { name: 'asc' }],
    select: restaurantSummary,
  });
}

export async function listCuisines(db: Db): Promise<string[]> {
  const rows = await db.restaurant.findMany({
    distinct: ['cuisine'],
    select: { cuisine: true },
    orderBy: { cuisine: 'asc' },
  });
  return rows.map((r) => r.cuisine);
}

export function getRestaurantBySlug(db: Db, slug: string) {
  return db.restaurant.findUnique({ where: { slug }, select: restaurantSummary });
}

export function listMenu(db: Db, restaurantId: string) {
  return db.menuItem.findMany({
    where: { restaurantId },
    orderBy: [{ category: 'asc' }, { sortOrder: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      restaurantId: true,
      name: true,
      description: true,
      category: true,
      priceCents: true,
      stock: true,
      isAvailable: true,
      imageUrl: true,
    },
  });
}
