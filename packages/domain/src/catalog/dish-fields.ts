// What every reader of a dish selects, and the menu's order: one list, so the customer's menu,
// the kitchen's console and a new restaurant's reply show the same fields.
import type { Prisma } from '@tiffin/db';

export const DISH_FIELDS = {
  id: true,
  name: true,
  description: true,
  category: true,
  priceCents: true,
  stock: true,
  isAvailable: true,
  imageUrl: true,
  tags: true,
} satisfies Prisma.MenuItemSelect;

/** By course, then the restaurant's own order, then name. */
export const MENU_ORDER = [
  { category: 'asc' },
  { sortOrder: 'asc' },
  { name: 'asc' },
] satisfies Prisma.MenuItemOrderByWithRelationInput[];

/** A restaurant's weekly hours, Monday first. */
export const WEEKLY_HOURS = {
  select: { weekday: true, opensAt: true, closesAt: true },
  orderBy: [{ weekday: 'asc' }, { opensAt: 'asc' }],
} satisfies Prisma.Restaurant$hoursArgs;
