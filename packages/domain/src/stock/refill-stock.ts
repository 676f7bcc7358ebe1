// The stock refill: items that ran low go back up to a target, one menu.stock_changed.v1 per
// item so open menus update live. One transaction, so a refill is all or nothing.
import { randomUUID } from 'node:crypto';

import type { Db } from '@tiffin/db';

import { event, writeOutboxEvents } from '../outbox/write-outbox';

export interface RefillPolicy {
  /** Items with less stock than this are refilled. */
  threshold: number;
  /** …up to this many portions. */
  target: number;
}

export async function refillStock(
  db: Db,
  policy: RefillPolicy,
): Promise<{ refilled: number; correlationId: string }> {
  const correlationId = randomUUID();
  return db.$transaction(async (tx) => {
    const items = await tx.menuItem.updateManyAndReturn({
      where: { stock: { lt: policy.threshold }, isAvailable: true },
      data: { stock: policy.target },
      select: { id: true, restaurantId: true, stock: true },
    });
    await writeOutboxEvents(
      tx,
      items.map((item) =>
        event(
          'menu.stock_changed.v1',
          {
            restaurantId: item.restaurantId,
            items: [{ menuItemId: item.id, stock: item.stock }],
            reason: 'refill',
          },
          { correlationId, source: 'db.refillStock' },
        ),
      ),
    );
    return { refilled: items.length, correlationId };
  });
}
