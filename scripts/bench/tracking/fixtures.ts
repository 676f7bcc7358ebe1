// Bulk orders for `bench:tracking`. placeOrder runs at about 100 orders/s here (an interactive
// transaction per order, next to a starting web process), so 10k would take ~90 s. These are
// the same rows placeOrder writes (order, line, first history row, order.created and
// menu.stock_changed in the outbox, stock taken), 1,000 orders per transaction with createMany.
import { randomUUID } from 'node:crypto';

import type { Db } from '@tiffin/db';
import { event, outboxRow } from '@tiffin/domain';

export interface BulkOrderOptions {
  restaurantId: string;
  /** Order i belongs to users[i % users.length] and buys one items[i % items.length]. */
  users: { id: string }[];
  items: { id: string; name: string; priceCents: number; stock: number }[];
  count: number;
  batch?: number;
}

export async function insertOrders(db: Db, opts: BulkOrderOptions): Promise<string[]> {
  const { restaurantId, users, items, count } = opts;
  const batch = opts.batch ?? 1_000;
  const stock = items.map((item) => item.stock);
  const ids: string[] = [];
  for (let start = 0; start < count; start += batch) {
    const orders = [];
    const lines = [];
    const history = [];
    const outbox = [];
    const taken = new Map<string, number>();
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const user = users[i % users.length]!;
      const itemIndex = i % items.length;
      const item = items[itemIndex]!;
      const orderId = randomUUID();
      const correlationId = randomUUID();
      const at = new Date();
      stock[itemIndex]! -= 1;
      taken.set(item.id, (taken.get(item.id) ?? 0) + 1);
      const line = {
        menuItemId: item.id,
        name: item.name,
        quantity: 1,
        unitPriceCents: item.priceCents,
      };
      orders.push({
        id: orderId,
        userId: user.id,
        restaurantId,
        totalCents: item.priceCents,
        deliveryAddress: 'Bench Street 1',
        idempotencyKey: randomUUID(),
        correlationId,
        createdAt: at,
      });
      lines.push({ orderId, ...line });
      history.push({ orderId, from: null, to: 'created' as const, at, actor: `user:${user.id}` });
      const meta = { correlationId, source: 'db.placeOrder' };
      outbox.push(
        outboxRow(
          event(
            'order.created.v1',
            { orderId, userId: user.id, restaurantId, totalCents: item.priceCents, lines: [line] },
            meta,
          ),
        ),
        outboxRow(
          event(
            'menu.stock_changed.v1',
            {
              restaurantId,
              items: [{ menuItemId: item.id, stock: stock[itemIndex]! }],
              reason: 'order',
            },
            meta,
          ),
        ),
      );
      ids.push(orderId);
    }
    await db.$transaction([
      ...[...taken].map(([id, n]) =>
        db.menuItem.update({
          where: { id },
          data: { stock: { decrement: n } },
          select: { id: true },
        }),
      ),
      db.order.createMany({ data: orders }),
      db.orderItem.createMany({ data: lines }),
      db.orderStatusChange.createMany({ data: history }),
      db.outboxEvent.createMany({ data: outbox }),
    ]);
  }
  return ids;
}
