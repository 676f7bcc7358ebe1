// menu.stockChanged: every stock move of one restaurant's items, as it happens (orders,
// cancellations, refills), for the menu page's live indicators. No resume: a reconnecting menu
// simply refetches menu.list.
import { EventEmitter, on } from 'node:events';

import { TRPCError } from '@trpc/server';

import type { Envelope, TrackedEntry, TrackingHub } from '@tiffin/events';

import type { StockChangedMessage } from './tracking-messages';

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
  const entries = new EventEmitter();
  const live = on(entries, 'entry', opts.signal ? { signal: opts.signal } : {});
  const unsubscribe = await hub.subscribe('menu', restaurantId, (entry) =>
    entries.emit('entry', entry),
  );
  try {
    for await (const [entry] of live as AsyncIterable<[TrackedEntry]>) {
      const payload = entry.envelope.payload as Envelope<'menu.stock_changed.v1'>['payload'];
      yield {
        restaurantId: payload.restaurantId,
        items: payload.items,
      } satisfies StockChangedMessage;
    }
  } catch (error) {
    if (opts.signal?.aborted) return;
    throw error;
  } finally {
    unsubscribe();
  }
}
