// setStock: puts an item's stock (and, optionally, its price and availability) at given values
// and writes menu.stock_changed.v1 in the same transaction, as the refill does, so open menus
// and cart checks see the change. The QA API uses it to change a menu under an open cart.
import { randomUUID } from 'node:crypto';

import type { Db } from '@tiffin/db';

import type { SetStockInput } from './set-stock-input';
import { DomainError } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox';
import { setStockInputSchema } from './set-stock-input';

export interface StockSet {
  menuItemId: string;
  restaurantId: string;
  stock: number;
  priceCents: number;
  isAvailable: boolean;
  /** The menu.stock_changed.v1 event written with the change. */
  eventId: string;
  correlationId: string;
}

/**
 * Validates `input` (a ZodError names every problem, and nothing is written); an unknown item is
 * NOT_FOUND. The event carries the stock a customer can buy: 0 while the item is unavailable,
 * which is how cart.validate reports it too, so the live menu shows it sold out.
 */
export async function setStock(
  db: Db,
  input: SetStockInput,
  meta: { correlationId?: string } = {},
): Promise<StockSet> {
  const { menuItemId, stock, priceCents, isAvailable } = setStockInputSchema.parse(input);
  const correlationId = meta.correlationId ?? randomUUID();
  return db.$transaction(async (tx) => {
    const [item] = await tx.menuItem.updateManyAndReturn({
      where: { id: menuItemId },
      data: {
        stock,
        ...(priceCents !== undefined ? { priceCents } : {}),
        ...(isAvailable !== undefined ? { isAvailable } : {}),
      },
      select: { id: true, restaurantId: true, stock: true, priceCents: true, isAvailable: true },
    });
    if (!item) throw new DomainError('NOT_FOUND', 'We could not find that menu item.');
    const envelope = await writeOutboxEvent(
      tx,
      'menu.stock_changed.v1',
      {
        restaurantId: item.restaurantId,
        items: [{ menuItemId: item.id, stock: item.isAvailable ? item.stock : 0 }],
        reason: 'admin',
      },
      { correlationId, source: 'db.setStock' },
    );
    return {
      menuItemId: item.id,
      restaurantId: item.restaurantId,
      stock: item.stock,
      priceCents: item.priceCents,
      isAvailable: item.isAvailable,
      eventId: envelope.eventId,
      correlationId,
    };
  });
}
