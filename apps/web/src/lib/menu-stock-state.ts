// Folding `menu.stockChanged` into the cached menu, so each card's stock label and its
// add-to-cart button follow the kitchen live. Stock messages carry absolute counts, so applying
// one twice is harmless.
import type { RouterOutputs, StockChangedMessage } from '@tiffin/api';

type Menu = RouterOutputs['menu']['list'];

/** The menu with the new counts; the same object when nothing on it changed. */
export function applyStockChange(menu: Menu, message: StockChangedMessage): Menu {
  const stockById = new Map(message.items.map((item) => [item.menuItemId, item.stock]));
  let changed = false;
  const items = menu.items.map((item) => {
    const stock = stockById.get(item.id);
    if (stock === undefined || stock === item.stock) return item;
    changed = true;
    return { ...item, stock };
  });
  return changed ? { ...menu, items } : menu;
}
