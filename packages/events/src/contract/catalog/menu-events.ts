// Menu events: stock moves that menus show live.
import { z } from 'zod';

export const menuStockChangedV1 = z.object({
  restaurantId: z.uuid(),
  items: z.array(z.object({ menuItemId: z.uuid(), stock: z.int().nonnegative() })).min(1),
  reason: z.enum(['order', 'cancellation', 'refill', 'admin', 'kitchen']),
});
