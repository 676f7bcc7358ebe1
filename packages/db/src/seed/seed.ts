// Loads the demo data and is safe to re-run on a live database: it matches rows on their natural
// keys and refreshes the catalogue text, but never resets stock (live data) or re-hashes the
// passwords of users that already exist (Argon2 is deliberately slow).
import type { Db } from '../client';
import { hashPassword } from '../passwords';
import { DEMO_PASSWORD, DEMO_USERS, SEED_RESTAURANTS } from './seed-data';

export interface SeedOptions {
  log?: (line: string) => void;
}

export interface SeedResult {
  restaurants: number;
  menuItems: number;
  users: number;
}

export async function seed(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const restaurantIdBySlug = new Map<string, string>();
  let menuItems = 0;

  for (const data of SEED_RESTAURANTS) {
    const { menuItems: items, isOpen, ...fields } = data;
    // isOpen is only set on create: closing a restaurant is an operator decision a re-seed must keep.
    const restaurant = await db.restaurant.upsert({
      where: { slug: data.slug },
      create: { ...fields, isOpen },
      update: fields,
      select: { id: true },
    });
    restaurantIdBySlug.set(data.slug, restaurant.id);

    for (const { stock, ...item } of items) {
      await db.menuItem.upsert({
        where: { restaurantId_name: { restaurantId: restaurant.id, name: item.name } },
        create: { ...item, stock, restaurantId: restaurant.id },
        update: item,
      });
    }
    menuItems += items.length;
    log(`${data.name}: ${items.length} menu items`);
  }

  let created = 0;
  for (const user of DEMO_USERS) {
    const restaurantId = restaurantIdForUser(user.restaurantSlug, restaurantIdBySlug);
    const fields = { name: user.name, role: user.role, restaurantId };
    const existing = await db.user.findUnique({
      where: { email: user.email },
      select: { id: true },
    });
    if (existing) {
      await db.user.update({ where: { id: existing.id }, data: fields });
      continue;
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    // Upsert, not create: a concurrent seed may have inserted the user since the lookup.
    await db.user.upsert({
      where: { email: user.email },
      create: { ...fields, email: user.email, passwordHash },
      update: fields,
    });
    created += 1;
  }
  log(`${DEMO_USERS.length} demo users (${created} created)`);

  return { restaurants: SEED_RESTAURANTS.length, menuItems, users: DEMO_USERS.length };
}

function restaurantIdForUser(
  slug: string | undefined,
  restaurantIdBySlug: ReadonlyMap<string, string>,
): string | null {
  if (slug === undefined) return null;
  const id = restaurantIdBySlug.get(slug);
  if (id === undefined) throw new Error(`seed data: no restaurant with slug "${slug}"`);
  return id;
}
