// People of every role and restaurants of their own, written straight to a test database: staff
// bound to a restaurant, couriers online or not (or played by the autopilot), customers and
// admins, and a restaurant with autopilot, hours and location as a test needs them. None of them
// can sign in (their password hash is unusable); API tests put them in the context directly.
import { randomBytes } from 'node:crypto';

import type { Db, Role } from '@tiffin/db';

export interface TestPerson {
  id: string;
  email: string;
  name: string;
  role: Role;
  restaurantId: string | null;
}

export interface TestPersonOptions {
  role: Role;
  name?: string;
  /** Staff: the restaurant they work for. */
  restaurantId?: string | null;
  /** Couriers: the "go online" switch. */
  online?: boolean;
  /** Couriers the autopilot plays. */
  simulated?: boolean;
}

export async function createTestPerson(db: Db, opts: TestPersonOptions): Promise<TestPerson> {
  const tag = randomBytes(5).toString('hex');
  return db.user.create({
    data: {
      email: `${opts.role.toLowerCase()}-${tag}@tiffin.test`,
      name: opts.name ?? `Test ${opts.role.toLowerCase()} ${tag}`,
      passwordHash: 'unusable',
      role: opts.role,
      restaurantId: opts.restaurantId ?? null,
      courierOnline: opts.online ?? false,
      simulated: opts.simulated ?? false,
    },
    select: { id: true, email: true, name: true, role: true, restaurantId: true },
  });
}

export interface TestDish {
  id: string;
  name: string;
  priceCents: number;
  stock: number;
}

export interface TestRestaurant {
  id: string;
  slug: string;
  name: string;
  lat: number;
  lng: number;
  dishes: TestDish[];
}

export interface TestRestaurantOptions {
  autopilot?: boolean;
  isOpen?: boolean;
  timeZone?: string;
  /** Weekly intervals in minutes after local midnight (ISO weekdays); none: open whenever switched on. */
  hours?: { weekday: number; opensAt: number; closesAt: number }[];
  location?: { lat: number; lng: number };
  dishes?: { name: string; priceCents: number; stock: number }[];
}

/** A restaurant in central London with three dishes, unless told otherwise. */
export async function createTestRestaurant(
  db: Db,
  opts: TestRestaurantOptions = {},
): Promise<TestRestaurant> {
  const tag = randomBytes(4).toString('hex');
  const dishes = opts.dishes ?? [
    { name: 'Dal', priceCents: 800, stock: 50 },
    { name: 'Naan', priceCents: 300, stock: 50 },
    { name: 'Lassi', priceCents: 400, stock: 50 },
  ];
  const restaurant = await db.restaurant.create({
    data: {
      slug: `test-kitchen-${tag}`,
      name: `Test Kitchen ${tag}`,
      description: 'A restaurant made for one test.',
      cuisine: 'Test',
      imageUrl: `/images/restaurants/test-kitchen-${tag}.svg`,
      isOpen: opts.isOpen ?? true,
      autopilot: opts.autopilot ?? false,
      timeZone: opts.timeZone ?? 'Europe/London',
      address: '1 Test Yard, London',
      lat: opts.location?.lat ?? 51.5155,
      lng: opts.location?.lng ?? -0.1218,
      hours: { create: opts.hours ?? [] },
      menuItems: {
        create: dishes.map((dish, i) => ({
          ...dish,
          description: '',
          category: 'Mains',
          imageUrl: `/images/menu/test-kitchen-${tag}/dish-${i + 1}.svg`,
          sortOrder: i + 1,
        })),
      },
    },
    select: {
      id: true,
      slug: true,
      name: true,
      lat: true,
      lng: true,
      menuItems: {
        orderBy: { sortOrder: 'asc' },
        select: { id: true, name: true, priceCents: true, stock: true },
      },
    },
  });
  const { menuItems, ...rest } = restaurant;
  return { ...rest, dishes: menuItems };
}
