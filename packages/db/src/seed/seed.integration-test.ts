import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestDatabase } from '@tiffin/stack/testing';
import { verifyCredentials } from '@tiffin/domain';
import { createTestDatabase } from '@tiffin/stack/testing';

import { seed } from './seed';
import { DEMO_PASSWORD, DEMO_USERS } from './seed-data';

let t: TestDatabase;
beforeAll(async () => {
  // The template every test file clones was built by this same seed.
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(async () => {
  await t.drop();
});

describe('seed', () => {
  it('gives 4 restaurants with 8–12 priced, stocked items each, and a few low-stock items', async () => {
    const restaurants = await t.db.restaurant.findMany({ include: { menuItems: true } });
    expect(restaurants).toHaveLength(4);
    expect(new Set(restaurants.map((r) => r.cuisine)).size).toBe(4);
    for (const r of restaurants) {
      expect(r.menuItems.length).toBeGreaterThanOrEqual(8);
      expect(r.menuItems.length).toBeLessThanOrEqual(12);
      for (const item of r.menuItems) {
        expect(item.priceCents).toBeGreaterThan(0);
        expect(Number.isInteger(item.priceCents)).toBe(true);
        expect(
          item.stock === 1 ||
            item.stock === 2 ||
            item.stock === 3 ||
            (item.stock >= 20 && item.stock <= 200),
        ).toBe(true);
      }
    }
    const low = restaurants.flatMap((r) => r.menuItems).filter((i) => i.stock <= 3);
    expect(low.length).toBeGreaterThanOrEqual(3);
  });

  it('has one demo user per role, each able to sign in with the demo password', async () => {
    const roles = new Set((await t.db.user.findMany()).map((u) => u.role));
    expect([...roles].sort()).toEqual(['ADMIN', 'COURIER', 'CUSTOMER', 'RESTAURANT_STAFF']);
    for (const demo of DEMO_USERS) {
      const user = await verifyCredentials(t.db, demo.email, DEMO_PASSWORD);
      expect(user).toMatchObject({ email: demo.email, role: demo.role });
    }
    expect(await verifyCredentials(t.db, DEMO_USERS[0]!.email, 'wrong password')).toBeNull();
    expect(await verifyCredentials(t.db, 'nobody@tiffin.test', DEMO_PASSWORD)).toBeNull();
    const staff = await t.db.user.findUniqueOrThrow({ where: { email: 'staff@tiffin.test' } });
    expect(staff.restaurantId).not.toBeNull();
  });

  it('is idempotent and leaves live stock alone', async () => {
    const item = await t.db.menuItem.findFirstOrThrow({ orderBy: { name: 'asc' } });
    await t.db.menuItem.update({ where: { id: item.id }, data: { stock: 0 } });
    const counts = async () => ({
      restaurants: await t.db.restaurant.count(),
      items: await t.db.menuItem.count(),
      users: await t.db.user.count(),
    });
    const before = await counts();
    const hashes = await t.db.user.findMany({
      select: { email: true, passwordHash: true },
      orderBy: { email: 'asc' },
    });

    await seed(t.db);

    expect(await counts()).toEqual(before);
    expect((await t.db.menuItem.findUniqueOrThrow({ where: { id: item.id } })).stock).toBe(0);
    expect(
      await t.db.user.findMany({
        select: { email: true, passwordHash: true },
        orderBy: { email: 'asc' },
      }),
    ).toEqual(hashes);
  });
});
