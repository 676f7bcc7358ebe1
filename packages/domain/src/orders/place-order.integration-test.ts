import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestDatabase } from '@tiffin/stack/testing';
import { createTestDatabase } from '@tiffin/stack/testing';

import type { RestaurantFees } from '../pricing/price-order';
import { PriceChangedError, StockConflictError } from '../errors';
import { priceOrder } from '../pricing/price-order';
import { placeOrderInputSchema } from './order-input';
import { placeOrder } from './place-order';

let t: TestDatabase;
let customerId: string;
let fees: RestaurantFees;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), { poolSize: 20 });
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  fees = await t.db.restaurant.findUniqueOrThrow({
    where: { slug: 'saffron-tandoor' },
    select: {
      deliveryFeeCents: true,
      minimumOrderCents: true,
      serviceFeeBps: true,
      taxRateBps: true,
    },
  });
});

/** What an order of these dishes costs at Saffron Tandoor, fees and tax included. */
function totalFor(...dishCents: number[]) {
  return priceOrder({ lines: dishCents.map((c) => ({ quantity: 1, unitPriceCents: c })), fees })
    .totalCents;
}
afterAll(async () => {
  await t.drop();
});

/** Two items of one restaurant, with their stock set for the test. */
async function itemsWithStock(...stocks: number[]) {
  const restaurant = await t.db.restaurant.findFirstOrThrow({
    where: { slug: 'saffron-tandoor' },
    include: { menuItems: { orderBy: { name: 'asc' } } },
  });
  const items = restaurant.menuItems.slice(0, stocks.length);
  await Promise.all(
    items.map((item, i) =>
      t.db.menuItem.update({ where: { id: item.id }, data: { stock: stocks[i] ?? 0 } }),
    ),
  );
  return items;
}

function order(
  items: { menuItemId: string; quantity: number; expectedPriceCents?: number }[],
  idempotencyKey = randomUUID(),
) {
  return placeOrderInputSchema.parse({
    items,
    deliveryAddress: '12 Curry Lane, Flat 3',
    idempotencyKey,
  });
}

async function counts(orderIds?: string[]) {
  const where = orderIds ? { id: { in: orderIds } } : {};
  return {
    orders: await t.db.order.count({ where }),
    created: await t.db.outboxEvent.count({ where: { type: 'order.created.v1' } }),
  };
}

async function stockOf(id: string) {
  return (await t.db.menuItem.findUniqueOrThrow({ where: { id } })).stock;
}

describe('placeOrder', () => {
  it('200 buyers for 50 portions: exactly 50 orders, stock 0, 150 conflicts, 50 events', async () => {
    const [item] = await itemsWithStock(50);
    const before = await counts();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () =>
        placeOrder(t.db, order([{ menuItemId: item!.id, quantity: 1 }]), { userId: customerId }),
      ),
    );

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(50);
    expect(lost).toHaveLength(150);
    for (const loss of lost) {
      expect(loss.reason).toBeInstanceOf(StockConflictError);
      expect((loss.reason as StockConflictError).shortLines).toEqual([
        { menuItemId: item!.id, name: item!.name, requested: 1, available: 0 },
      ]);
    }
    expect(await stockOf(item!.id)).toBe(0);
    const after = await counts();
    expect(after.orders - before.orders).toBe(50);
    expect(after.created - before.created).toBe(50);
    const sold = await t.db.orderItem.aggregate({
      where: { menuItemId: item!.id },
      _sum: { quantity: true },
    });
    expect(sold._sum.quantity).toBe(50);
  });

  it('a multi-line order with short lines changes nothing and names every short line', async () => {
    const [plenty, short, alsoShort] = await itemsWithStock(30, 2, 0);
    const before = await counts();
    const outboxBefore = await t.db.outboxEvent.count();

    const attempt = placeOrder(
      t.db,
      order([
        { menuItemId: plenty!.id, quantity: 3 },
        { menuItemId: short!.id, quantity: 5 },
        { menuItemId: alsoShort!.id, quantity: 1 },
      ]),
      { userId: customerId },
    );

    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StockConflictError);
    expect((error as StockConflictError).shortLines).toEqual(
      expect.arrayContaining([
        { menuItemId: short!.id, name: short!.name, requested: 5, available: 2 },
        { menuItemId: alsoShort!.id, name: alsoShort!.name, requested: 1, available: 0 },
      ]),
    );
    expect((error as StockConflictError).shortLines).toHaveLength(2);
    expect(await stockOf(plenty!.id)).toBe(30);
    expect(await stockOf(short!.id)).toBe(2);
    expect(await stockOf(alsoShort!.id)).toBe(0);
    expect(await counts()).toEqual(before);
    expect(await t.db.outboxEvent.count()).toBe(outboxBefore);
  });

  it('opposite line orders, 100 concurrent pairs: no deadlock and the totals add up', async () => {
    const [a, b] = await itemsWithStock(1000, 1000);
    const runs = Array.from({ length: 100 }, () => [
      placeOrder(
        t.db,
        order([
          { menuItemId: a!.id, quantity: 2 },
          { menuItemId: b!.id, quantity: 1 },
        ]),
        { userId: customerId },
      ),
      placeOrder(
        t.db,
        order([
          { menuItemId: b!.id, quantity: 3 },
          { menuItemId: a!.id, quantity: 1 },
        ]),
        { userId: customerId },
      ),
    ]).flat();

    const results = await Promise.allSettled(runs);
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures.map((f) => String(f.reason))).toEqual([]);
    expect(await stockOf(a!.id)).toBe(1000 - 100 * (2 + 1));
    expect(await stockOf(b!.id)).toBe(1000 - 100 * (1 + 3));
    const placed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.order] : []));
    const totals = await t.db.order.aggregate({
      where: { id: { in: placed.map((p) => p.orderId) } },
      _sum: { subtotalCents: true, totalCents: true },
    });
    expect(totals._sum.subtotalCents).toBe(100 * (3 * a!.priceCents + 4 * b!.priceCents));
    const expected =
      100 *
      (totalFor(a!.priceCents, a!.priceCents, b!.priceCents) +
        totalFor(b!.priceCents, b!.priceCents, b!.priceCents, a!.priceCents));
    expect(totals._sum.totalCents).toBe(expected);
    expect(placed.reduce((sum, p) => sum + p.totalCents, 0)).toBe(expected);
  });

  it('20 concurrent calls with one idempotency key: one order, one decrement, 20 identical answers', async () => {
    const [item] = await itemsWithStock(10);
    const before = await counts();
    const input = order([{ menuItemId: item!.id, quantity: 3 }], `checkout-${randomUUID()}`);

    const results = await Promise.all(
      Array.from({ length: 20 }, () => placeOrder(t.db, input, { userId: customerId })),
    );

    const answers = new Set(results.map((r) => JSON.stringify(r.order)));
    expect(answers.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await stockOf(item!.id)).toBe(7);
    const after = await counts();
    expect(after.orders - before.orders).toBe(1);
    expect(after.created - before.created).toBe(1);

    // A later retry, after the first one committed, is answered the same way.
    const retry = await placeOrder(t.db, input, { userId: customerId });
    expect(retry).toEqual({ order: results[0]!.order, replayed: true });
    expect(await stockOf(item!.id)).toBe(7);
  });

  it('20 concurrent calls with one key for the last portions: the duplicates get the order, not a sold-out error', async () => {
    const [item] = await itemsWithStock(3);
    const before = await counts();
    const input = order([{ menuItemId: item!.id, quantity: 3 }], `checkout-${randomUUID()}`);

    const results = await Promise.all(
      Array.from({ length: 20 }, () => placeOrder(t.db, input, { userId: customerId })),
    );

    expect(new Set(results.map((r) => JSON.stringify(r.order))).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await stockOf(item!.id)).toBe(0);
    const after = await counts();
    expect(after.orders - before.orders).toBe(1);
    expect(after.created - before.created).toBe(1);
  });

  it('a price that moved since the cart refuses the order, names the line, and writes nothing', async () => {
    const [cheap, moved] = await itemsWithStock(10, 10);
    const before = await counts();
    const input = order([
      { menuItemId: cheap!.id, quantity: 1, expectedPriceCents: cheap!.priceCents },
      { menuItemId: moved!.id, quantity: 2, expectedPriceCents: moved!.priceCents - 100 },
    ]);

    const error = await placeOrder(t.db, input, { userId: customerId }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PriceChangedError);
    expect((error as PriceChangedError).priceChanges).toEqual([
      {
        menuItemId: moved!.id,
        name: moved!.name,
        expectedPriceCents: moved!.priceCents - 100,
        priceCents: moved!.priceCents,
      },
    ]);
    expect(await stockOf(cheap!.id)).toBe(10);
    expect(await stockOf(moved!.id)).toBe(10);
    expect(await counts()).toEqual(before);

    // With the prices the kitchen charges, the same cart goes through.
    const accepted = order(
      input.items.map((l) => ({
        ...l,
        expectedPriceCents: l.menuItemId === moved!.id ? moved!.priceCents : l.expectedPriceCents,
      })),
    );
    const placed = await placeOrder(t.db, accepted, { userId: customerId });
    expect(placed.order.totalCents).toBe(
      totalFor(cheap!.priceCents, moved!.priceCents, moved!.priceCents),
    );
  });

  it('a retry is answered with the original order even after the menu changed', async () => {
    const [item] = await itemsWithStock(5);
    const input = order([{ menuItemId: item!.id, quantity: 2 }]);
    const first = await placeOrder(t.db, input, { userId: customerId });
    await t.db.restaurant.update({ where: { id: item!.restaurantId }, data: { isOpen: false } });
    await t.db.menuItem.update({ where: { id: item!.id }, data: { stock: 0 } });
    try {
      expect(await placeOrder(t.db, input, { userId: customerId })).toEqual({
        order: first.order,
        replayed: true,
      });
    } finally {
      await t.db.restaurant.update({ where: { id: item!.restaurantId }, data: { isOpen: true } });
    }
  });

  it('the last portion with one key per buyer and a sold-out item: the winner gets a full order record', async () => {
    const [item] = await itemsWithStock(1);
    const correlationId = randomUUID();
    const { order: placed } = await placeOrder(
      t.db,
      order([{ menuItemId: item!.id, quantity: 1 }]),
      { userId: customerId, correlationId },
    );

    const row = await t.db.order.findUniqueOrThrow({
      where: { id: placed.orderId },
      include: { items: true, statusChanges: true },
    });
    expect(row.status).toBe('created');
    expect(row).toMatchObject({
      subtotalCents: item!.priceCents,
      totalCents: totalFor(item!.priceCents),
      paymentMethod: 'cash',
      tipCents: 0,
      discountCents: 0,
    });
    expect(row.items).toEqual([
      expect.objectContaining({
        menuItemId: item!.id,
        quantity: 1,
        unitPriceCents: item!.priceCents,
      }),
    ]);
    expect(row.statusChanges).toEqual([expect.objectContaining({ from: null, to: 'created' })]);
    const events = await t.db.outboxEvent.findMany({
      where: { correlationId },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => e.type)).toEqual(['order.created.v1', 'menu.stock_changed.v1']);
    expect(events[0]!.payload).toMatchObject({
      orderId: placed.orderId,
      totalCents: totalFor(item!.priceCents),
      lines: [{ menuItemId: item!.id, quantity: 1, unitPriceCents: item!.priceCents }],
    });
    expect(events[1]!.payload).toMatchObject({ items: [{ menuItemId: item!.id, stock: 0 }] });
    expect(events.every((e) => e.publishedAt === null)).toBe(true);
  });

  it('the database itself refuses negative stock', async () => {
    const [item] = await itemsWithStock(1);
    await expect(
      t.pool.query('UPDATE "MenuItem" SET stock = stock - 2 WHERE id = $1', [item!.id]),
    ).rejects.toThrow(/MenuItem_stock_non_negative/);
    expect(await stockOf(item!.id)).toBe(1);
  });
});
