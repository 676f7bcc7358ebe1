// Checks a cart against the live menu so the customer sees problems before checkout.
import type { Db } from '@tiffin/db';

import { availability } from '../catalog/opening-hours';

export type CartProblem =
  | 'not_found'
  | 'unavailable'
  | 'sold_out'
  | 'insufficient_stock'
  | 'price_changed'
  | 'other_restaurant'
  | 'restaurant_closed';

export interface CartLineInput {
  menuItemId: string;
  quantity: number;
  /** The price the cart showed; a difference is reported as `price_changed`. */
  expectedPriceCents?: number;
}

export interface CartLineReport {
  menuItemId: string;
  quantity: number;
  name: string | null;
  priceCents: number | null;
  stock: number;
  problems: CartProblem[];
  /** Whether checkout could take this line as it stands (at today's price); others count for nothing. */
  orderable: boolean;
}

/** A changed price still sells the dish (at the new price, once accepted); every other problem doesn't. */
function isOrderable(problems: readonly CartProblem[]): boolean {
  return problems.every((p) => p === 'price_changed');
}

export async function validateCart(db: Db, lines: CartLineInput[]) {
  const items = await db.menuItem.findMany({
    where: { id: { in: lines.map((l) => l.menuItemId) } },
    select: {
      id: true,
      name: true,
      priceCents: true,
      stock: true,
      isAvailable: true,
      restaurantId: true,
      restaurant: {
        select: {
          isOpen: true,
          timeZone: true,
          hours: { select: { weekday: true, opensAt: true, closesAt: true } },
        },
      },
    },
  });
  const now = new Date();
  const byId = new Map(items.map((i) => [i.id, i]));
  // The cart belongs to the restaurant of its first known line.
  const cartRestaurantId = lines.map((l) => byId.get(l.menuItemId)?.restaurantId).find(Boolean);

  const reports: CartLineReport[] = lines.map((line) => {
    const item = byId.get(line.menuItemId);
    if (!item) {
      return {
        menuItemId: line.menuItemId,
        quantity: line.quantity,
        name: null,
        priceCents: null,
        stock: 0,
        problems: ['not_found'],
        orderable: false,
      };
    }
    const problems: CartProblem[] = [];
    if (item.restaurantId !== cartRestaurantId) problems.push('other_restaurant');
    // Closed by its switch or outside its weekly hours: checkout would refuse it.
    if (!availability(item.restaurant, now).open) problems.push('restaurant_closed');
    if (!item.isAvailable) problems.push('unavailable');
    else if (item.stock === 0) problems.push('sold_out');
    else if (item.stock < line.quantity) problems.push('insufficient_stock');
    if (line.expectedPriceCents !== undefined && line.expectedPriceCents !== item.priceCents) {
      problems.push('price_changed');
    }
    return {
      menuItemId: line.menuItemId,
      quantity: line.quantity,
      name: item.name,
      priceCents: item.priceCents,
      stock: item.isAvailable ? item.stock : 0,
      problems,
      orderable: isOrderable(problems),
    };
  });
  // Only what could be ordered counts: a sold-out line adds nothing to what checkout would charge.
  const totalCents = reports.reduce(
    (sum, r) => sum + (r.orderable ? (r.priceCents ?? 0) * r.quantity : 0),
    0,
  );
  return {
    lines: reports,
    totalCents,
    ok: reports.every((r) => r.problems.length === 0),
    restaurantId: cartRestaurantId ?? null,
  };
}
