// menu.stockChanged: every stock move of one restaurant's items, as it happens (orders,
// cancellations, refills), for the menu page's live indicators. No resume: a reconnecting menu
// simply refetches menu.list.
import { TRPCError } from '@trpc/server';

import type { Envelope, TrackedEntry, TrackingHub } from '@tiffin/events';

import type { StockChangedMessage } from './tracking-messages';
import { createAsyncQueue } from './async-queue';

export async function* watchMenuStock(opts: {
  hub: TrackingHub | null;
  restaurantId: string;
  signal: AbortSignal | undefined;
}) {
  const { hub, restaurantId } = opts;
  if (!hub)
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Live stock is not available here.',
    });
  const live = createAsyncQueue<TrackedEntry>(opts.signal);
  const unsubscribe = await hub.subscribe('menu', restaurantId, (entry) => live.push(entry));
  try {
    for await (const entry of live) {
      const payload = entry.envelope.payload as Envelope<'menu.stock_changed.v1'>['payload'];
      yield {
        restaurantId: payload.restaurantId,
        items: payload.items,
      } satisfies StockChangedMessage;
    }
  } finally {
    live.close();
    unsubscribe();
  }
}
