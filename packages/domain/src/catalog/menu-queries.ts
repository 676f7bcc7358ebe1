// Browsing: restaurants (whether they take orders now, and when they next open) and their menus
// with live stock and dietary tags.
import type { Db, Prisma } from '@tiffin/db';

import { escapeLikePattern } from '../input/like-pattern';
import { ratingOf } from '../reviews/review-rules';
import { DISH_FIELDS, MENU_ORDER, WEEKLY_HOURS } from './dish-fields';
import { availability, describeNextOpening } from './opening-hours';

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
  address: true,
  lat: true,
  lng: true,
  timeZone: true,
  hours: WEEKLY_HOURS,
  ratingCount: true,
  ratingSum: true,
} satisfies Prisma.RestaurantSelect;

/** Adds whether it takes orders right now and, when not, what to tell customers. */
function withAvailability<
  R extends {
    isOpen: boolean;
    timeZone: string;
    hours: { weekday: number; opensAt: number; closesAt: number }[];
    ratingCount: number;
    ratingSum: number;
  },
>({ ratingCount, ratingSum, ...restaurant }: R, now: Date) {
  const open = availability(restaurant, now);
  return {
    ...restaurant,
    /** From visible reviews: the average to one decimal (null with none) and how many. */
    rating: ratingOf({ ratingCount, ratingSum }),
    acceptingOrders: open.open,
    /** "opens at 17:00", "opens tomorrow at 11:30"; null while open or switched off. */
    opensNext: open.reason === 'outside_hours' ? describeNextOpening(open.opensNext) : null,
  };
}

/** Restaurants taking orders first, then by name. */
export async function listRestaurants(db: Db, filter: RestaurantFilter = {}, now = new Date()) {
  const search = filter.search?.trim();
  const pattern = search ? escapeLikePattern(search) : '';
  const cuisine = filter.cuisine ? escapeLikePattern(filter.cuisine) : '';
  const restaurants = await db.restaurant.findMany({
    where: {
      ...(cuisine ? { cuisine: { equals: cuisine, mode: 'insensitive' } } : {}),
      ...(search
        ? {
            OR: [
              { name: { contains: pattern, mode: 'insensitive' } },
              { cuisine: { contains: pattern, mode: 'insensitive' } },
              { description: { contains: pattern, mode: 'insensitive' } },
              { menuItems: { some: { name: { contains: pattern, mode: 'insensitive' } } } },
            ],
          }
        : {}),
    },
    orderBy: [{ isOpen: 'desc' }, { name: 'asc' }],
    select: restaurantSummary,
  });
  return restaurants
    .map((r) => withAvailability(r, now))
    .sort((a, b) => Number(b.acceptingOrders) - Number(a.acceptingOrders));
}

export async function listCuisines(db: Db): Promise<string[]> {
  const rows = await db.restaurant.findMany({
    distinct: ['cuisine'],
    select: { cuisine: true },
    orderBy: { cuisine: 'asc' },
  });
  return rows.map((r) => r.cuisine);
}

export async function getRestaurantBySlug(db: Db, slug: string, now = new Date()) {
  const restaurant = await db.restaurant.findUnique({ where: { slug }, select: restaurantSummary });
  return restaurant && withAvailability(restaurant, now);
}

export function listMenu(db: Db, restaurantId: string) {
  return db.menuItem.findMany({
    where: { restaurantId },
    orderBy: MENU_ORDER,
    select: { ...DISH_FIELDS, restaurantId: true },
  });
}
