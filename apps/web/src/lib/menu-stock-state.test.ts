// Live stock on an open menu: absolute counts folded into the cached menu, repeats harmless.
import { describe, expect, it } from 'vitest';

import type { RouterOutputs } from '@tiffin/api';

import { applyStockChange } from './menu-stock-state';

type Menu = RouterOutputs['menu']['list'];
type MenuItem = Menu['items'][number];

const RESTAURANT_ID = '5d1f7c1e-1b3a-4c2d-9e8f-0a1b2c3d4e5f';

function item(id: string, stock: number): MenuItem {
  return {
    id,
    restaurantId: RESTAURANT_ID,
    name: `Dish ${id}`,
    description: '',
    category: 'Mains',
    priceCents: 1200,
    stock,
    isAvailable: true,
    imageUrl: `/images/dish-${id}.svg`,
    tags: [],
  };
}

const menu: Menu = { items: [item('a', 10), item('b', 2), item('c', 0)], lowStockThreshold: 5 };

describe('applyStockChange', () => {
  it('sets the new counts of the listed items and leaves the others as they were', () => {
    const next = applyStockChange(menu, {
      restaurantId: RESTAURANT_ID,
      items: [
        { menuItemId: 'a', stock: 9 },
        { menuItemId: 'c', stock: 12 },
      ],
    });
    expect(next.items.map((i) => [i.id, i.stock])).toEqual([
      ['a', 9],
      ['b', 2],
      ['c', 12],
    ]);
    expect(next.items[1]).toBe(menu.items[1]);
    expect(next.lowStockThreshold).toBe(5);
  });

  it('a message that changes nothing (a repeat, or items not on this menu) returns the same menu', () => {
    const message = { restaurantId: RESTAURANT_ID, items: [{ menuItemId: 'b', stock: 2 }] };
    expect(applyStockChange(menu, message)).toBe(menu);
    const elsewhere = { restaurantId: RESTAURANT_ID, items: [{ menuItemId: 'zzz', stock: 1 }] };
    expect(applyStockChange(menu, elsewhere)).toBe(menu);
  });

  it('the last item sold: stock 0, so the card shows sold out', () => {
    const next = applyStockChange(menu, {
      restaurantId: RESTAURANT_ID,
      items: [{ menuItemId: 'b', stock: 0 }],
    });
    expect(next.items.find((i) => i.id === 'b')?.stock).toBe(0);
  });
});
