// Taking stock: the only way portions leave the menu. A conditional decrement per line, in
// ascending menu item id (every order locks rows in the same order, so none deadlock); any line
// short of stock fails the whole take, naming every short line, and the caller's transaction
// rolls back whatever was already taken.
import type { PrismaTransaction } from '@tiffin/db';

import type { ShortLine } from '../errors';
import { StockConflictError } from '../errors';

export interface StockRequest {
  menuItemId: string;
  quantity: number;
}

/** A line whose portions were taken: the row as of its lock, with the price we sell at. */
export interface TakenItem {
  id: string;
  name: string;
  priceCents: number;
  /** What is left after this take. */
  stock: number;
}

/**
 * Takes `quantity` of each line, in the order given (sorted by menu item id by the caller).
 * Throws StockConflictError when any line is short; `names` labels lines in that error.
 */
export async function takeStock(
  tx: PrismaTransaction,
  lines: readonly StockRequest[],
  names: ReadonlyMap<string, string>,
): Promise<TakenItem[]> {
  const taken: TakenItem[] = [];
  const shortLines: ShortLine[] = [];
  for (const line of lines) {
    // Changes the row only when enough stock is left, and then returns it, locked.
    const [updated] = await tx.menuItem.updateManyAndReturn({
      where: { id: line.menuItemId, isAvailable: true, stock: { gte: line.quantity } },
      data: { stock: { decrement: line.quantity } },
      select: { id: true, name: true, priceCents: true, stock: true },
    });
    if (updated) {
      taken.push(updated);
      continue;
    }
    const current = await tx.menuItem.findUniqueOrThrow({
      where: { id: line.menuItemId },
      select: { stock: true, isAvailable: true },
    });
    shortLines.push({
      menuItemId: line.menuItemId,
      name: names.get(line.menuItemId) ?? 'Unknown item',
      requested: line.quantity,
      available: current.isAvailable ? current.stock : 0,
    });
  }
  if (shortLines.length > 0) throw new StockConflictError(shortLines);
  return taken;
}
