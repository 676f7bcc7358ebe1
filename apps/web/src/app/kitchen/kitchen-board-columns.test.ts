// The board's grouping, order and title badge, as the kitchen reads them.
import { describe, expect, it } from 'vitest';

import type { OrderStatus } from '@tiffin/domain/client-safe';

import { boardColumns, kitchenTitle, unansweredCount } from './kitchen-board-columns';

function order(id: string, status: OrderStatus, minute: number) {
  return { id, status, createdAt: new Date(Date.UTC(2026, 0, 1, 12, minute)) };
}

describe('boardColumns', () => {
  it('puts each order in its status column, oldest first, whatever order they came in', () => {
    const columns = boardColumns([
      order('c', 'created', 30),
      order('b', 'preparing', 20),
      order('a', 'created', 10),
      order('d', 'ready_for_pickup', 5),
      order('e', 'confirmed', 1),
    ]);
    expect(columns.map((c) => [c.status, c.orders.map((o) => o.id)])).toEqual([
      ['created', ['a', 'c']],
      ['confirmed', ['e']],
      ['preparing', ['b']],
      ['ready_for_pickup', ['d']],
    ]);
  });

  it('leaves out orders the kitchen is done with, and keeps empty columns', () => {
    const columns = boardColumns([
      order('x', 'out_for_delivery', 1),
      order('y', 'cancelled', 2),
      order('z', 'delivered', 3),
    ]);
    expect(columns).toHaveLength(4);
    expect(columns.every((c) => c.orders.length === 0)).toBe(true);
  });
});

describe('unansweredCount and kitchenTitle', () => {
  it('count only new orders, and badge the title while there are any', () => {
    const orders = [order('a', 'created', 1), order('b', 'created', 2), order('c', 'confirmed', 3)];
    expect(unansweredCount(orders)).toBe(2);
    expect(kitchenTitle(2)).toBe('(2) Kitchen · Tiffin');
    expect(kitchenTitle(0)).toBe('Kitchen · Tiffin');
  });
});
