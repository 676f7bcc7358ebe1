import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ZodError } from 'zod';

import type { TestDatabase } from '@tiffin/stack/testing';
import { STREAMS } from '@tiffin/events';
import { createTestDatabase } from '@tiffin/stack/testing';

import { validateCart } from '../cart/validate-cart';
import { DomainError } from '../errors';
import { setStock } from './set-stock';

let t: TestDatabase;
let item: { id: string; restaurantId: string; priceCents: number };

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  item = await t.db.menuItem.findFirstOrThrow({
    where: { restaurant: { slug: 'saffron-tandoor' }, isAvailable: true },
    orderBy: { name: 'asc' },
  });
});
afterAll(async () => {
  await t.drop();
});

async function stockEvents() {
  return t.db.outboxEvent.findMany({
    where: { type: 'menu.stock_changed.v1' },
    orderBy: { seq: 'asc' },
  });
}

async function itemRow() {
  return t.db.menuItem.findUniqueOrThrow({
    where: { id: item.id },
    select: { stock: true, priceCents: true, isAvailable: true },
  });
}

describe('setStock', () => {
  it('sets the stock and writes menu.stock_changed.v1 with it, in one transaction', async () => {
    const before = (await stockEvents()).length;
    const correlationId = randomUUID();
    const result = await setStock(t.db, { menuItemId: item.id, stock: 2 }, { correlationId });

    expect(result).toEqual({
      menuItemId: item.id,
      restaurantId: item.restaurantId,
      stock: 2,
      priceCents: item.priceCents,
      isAvailable: true,
      eventId: expect.any(String),
      correlationId,
    });
    expect(await itemRow()).toEqual({ stock: 2, priceCents: item.priceCents, isAvailable: true });
    const events = await stockEvents();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      id: result.eventId,
      stream: STREAMS.menu,
      source: 'db.setStock',
      correlationId,
      publishedAt: null,
      payload: {
        restaurantId: item.restaurantId,
        items: [{ menuItemId: item.id, stock: 2 }],
        reason: 'admin',
      },
    });
    const cart = await validateCart(t.db, [{ menuItemId: item.id, quantity: 3 }]);
    expect(cart.lines[0]).toMatchObject({ stock: 2, problems: ['insufficient_stock'] });
  });

  it('changes the price and availability too; an unavailable item is announced as 0 in stock', async () => {
    const result = await setStock(t.db, {
      menuItemId: item.id,
      stock: 9,
      priceCents: item.priceCents + 100,
      isAvailable: false,
    });
    expect(await itemRow()).toEqual({
      stock: 9,
      priceCents: item.priceCents + 100,
      isAvailable: false,
    });
    expect((await stockEvents()).at(-1)?.payload).toMatchObject({
      items: [{ menuItemId: item.id, stock: 0 }],
    });
    expect(result).toMatchObject({ stock: 9, isAvailable: false });
    const cart = await validateCart(t.db, [
      { menuItemId: item.id, quantity: 1, expectedPriceCents: item.priceCents },
    ]);
    expect(cart.lines[0]?.problems).toEqual(['unavailable', 'price_changed']);

    // Left out, price and availability keep their values; availability back on announces the stock.
    await setStock(t.db, { menuItemId: item.id, stock: 9, isAvailable: true });
    await setStock(t.db, { menuItemId: item.id, stock: 7 });
    expect(await itemRow()).toEqual({
      stock: 7,
      priceCents: item.priceCents + 100,
      isAvailable: true,
    });
    expect((await stockEvents()).at(-2)?.payload).toMatchObject({
      items: [{ menuItemId: item.id, stock: 9 }],
    });
  });

  it.each([
    ['negative stock', { stock: -1 }, 'stock'],
    ['fractional stock', { stock: 0.5 }, 'stock'],
    ['a negative price', { stock: 1, priceCents: -5 }, 'priceCents'],
    ['a malformed item id', { stock: 1, menuItemId: 'not-a-uuid' }, 'menuItemId'],
  ])('refuses %s and writes nothing', async (_label, patch, path) => {
    const [row, events] = [await itemRow(), (await stockEvents()).length];
    const error: unknown = await setStock(t.db, { menuItemId: item.id, ...patch }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => i.path.join('.'))).toEqual([path]);
    expect(await itemRow()).toEqual(row);
    expect(await stockEvents()).toHaveLength(events);
  });

  it('an unknown item is NOT_FOUND and writes no event', async () => {
    const events = (await stockEvents()).length;
    const error: unknown = await setStock(t.db, { menuItemId: randomUUID(), stock: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    expect(await stockEvents()).toHaveLength(events);
  });
});
