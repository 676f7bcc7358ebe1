// Restoring stock: a cancelled order's portions go back on the menu, in the same transaction as
// the cancellation, so the menu never shows fewer portions than the kitchen has.
import type { PrismaTransaction } from '@tiffin/db';

/** Gives a cancelled order's portions back, in menu item id order like placeOrder (no deadlocks). */
export async function restoreStock(tx: PrismaTransaction, orderId: string) {
  const lines = await tx.orderItem.findMany({
    where: { orderId },
    select: { menuItemId: true, quantity: true },
    orderBy: { menuItemId: 'asc' },
  });
  const restored: { menuItemId: string; stock: number }[] = [];
  for (const line of lines) {
    const item = await tx.menuItem.update({
      where: { id: line.menuItemId },
      data: { stock: { increment: line.quantity } },
      select: { id: true, stock: true },
    });
    restored.push({ menuItemId: item.id, stock: item.stock });
  }
  return restored;
}
