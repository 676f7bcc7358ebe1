// Calls a running Tiffin with an API token: two queries, a mutation, order.track (a snapshot,
// then updates, resumable with lastEventId) and a typed domain error. Prints what it saw as JSON.
// TIFFIN_URL (default http://localhost:3000) and TIFFIN_TOKEN (a customer's tfn_… token).
import { randomUUID } from 'node:crypto';

import WebSocket from 'ws';

import type { RouterOutputs } from '@tiffin/client';
import { closeTiffinClient, createTiffinClient, isDomainError } from '@tiffin/client';

const url = process.env.TIFFIN_URL ?? 'http://localhost:3000';
const token = process.env.TIFFIN_TOKEN;
if (!token) throw new Error('Set TIFFIN_TOKEN to an API token (create one at /account/tokens).');

// Node 20 has no global WebSocket: subscriptions use the ws package's.
const tiffin = createTiffinClient({
  url,
  token,
  WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
});

type Order = RouterOutputs['order']['mine'][number];

async function main(): Promise<void> {
  const me = await tiffin.auth.me.query();
  const restaurants = await tiffin.restaurant.list.query();
  const restaurant = restaurants[0];
  if (!restaurant) throw new Error('No restaurants on this Tiffin.');
  const menu = await tiffin.menu.list.query({ restaurantId: restaurant.id });
  const dish = menu.items.find((item) => item.stock > 0);
  if (!dish) throw new Error(`Nothing in stock at ${restaurant.name}.`);

  const placed = await tiffin.order.place.mutate({
    items: [{ menuItemId: dish.id, quantity: 1 }],
    deliveryAddress: '1 Example Street',
    idempotencyKey: randomUUID(),
  });

  const mine: Order[] = await tiffin.order.mine.query();
  const latest = mine.find((order) => order.id === placed.orderId);

  // The first message is the order as it stands; each later one carries an id to resume from.
  const firstStatus = await new Promise<string>((resolve, reject) => {
    const subscription = tiffin.order.track.subscribe(
      { orderId: placed.orderId },
      {
        // The snapshot comes bare; later messages come as `{ id, data }` (the id is for resuming).
        onData: (message) => {
          const data = 'data' in message ? message.data : message;
          if (data.kind === 'snapshot') {
            subscription.unsubscribe();
            resolve(data.status);
          }
        },
        onError: reject,
      },
    );
  });

  // Asking for more than there is fails with a typed domain error naming the short lines.
  let shortage: { name: string; available: number } | null = null;
  try {
    await tiffin.order.place.mutate({
      // More than the menu showed (one has just been ordered); a line takes at most 20.
      items: [{ menuItemId: dish.id, quantity: Math.min(dish.stock + 1, 20) }],
      deliveryAddress: '1 Example Street',
      idempotencyKey: randomUUID(),
    });
  } catch (error) {
    if (isDomainError(error, 'STOCK_CONFLICT')) {
      const line = error.data.domain.details.shortLines[0];
      shortage = line ? { name: line.name, available: line.available } : null;
    } else if (isDomainError(error)) {
      shortage = { name: error.data.domain.code, available: -1 };
    } else {
      throw error;
    }
  }

  console.log(
    JSON.stringify({
      me: me ? { email: me.email, role: me.role } : null,
      restaurant: restaurant.name,
      dish: dish.name,
      orderId: placed.orderId,
      listed: latest !== undefined,
      createdAtIsDate: latest?.createdAt instanceof Date,
      createdAtYear: latest?.createdAt.getUTCFullYear() ?? null,
      firstStatus,
      shortage,
    }),
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeTiffinClient(tiffin));
