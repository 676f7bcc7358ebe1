// Loads the demo data and is safe to re-run on a live database: it matches rows on their natural
// keys and refreshes the catalogue text, but never resets stock (live data), a restaurant's open
// switch, autopilot or hours (operator decisions), or re-hashes the passwords of users that
// already exist (Argon2 is deliberately slow).
import { randomBytes } from 'node:crypto';

import type { Db } from '../client';
import { hashPassword } from '../passwords';
import { DEMO_PASSWORD, DEMO_USERS, SEED_RESTAURANTS, SIMULATED_COURIERS } from './seed-data';

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
    const { menuItems: items, isOpen, hours, ...fields } = data;
    // The demo restaurants run on autopilot, so `npm start` shows whole orders with nobody signed in.
    const restaurant = await db.restaurant.upsert({
      where: { slug: data.slug },
      create: {
        ...fields,
        isOpen,
        autopilot: true,
        hours: { create: hours.map((h) => ({ ...h })) },
      },
      update: fields,
      select: { id: true },
    });
    restaurantIdBySlug.set(data.slug, restaurant.id);

    for (const { stock, ...item } of items) {
      const tags = [...item.tags];
      await db.menuItem.upsert({
        where: { restaurantId_name: { restaurantId: restaurant.id, name: item.name } },
        create: { ...item, tags, stock, restaurantId: restaurant.id },
        update: { ...item, tags },
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
      // Demo logins have no mailbox to verify from: they start verified.
      create: { ...fields, email: user.email, passwordHash, emailVerifiedAt: new Date() },
      update: fields,
    });
    created += 1;
  }
  log(`${DEMO_USERS.length} demo users (${created} created)`);

  for (const courier of SIMULATED_COURIERS) {
    // A random hash of nothing anyone knows: these couriers never sign in.
    const passwordHash = await hashPassword(randomBytes(24).toString('hex'));
    const fields = { name: courier.name, role: 'COURIER' as const, simulated: true };
    await db.user.upsert({
      where: { email: courier.email },
      create: { ...fields, email: courier.email, passwordHash, emailVerifiedAt: new Date() },
      update: fields,
    });
  }
  log(`${SIMULATED_COURIERS.length} autopilot couriers`);

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
