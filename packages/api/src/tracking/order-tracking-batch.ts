// Orders read for tracking snapshots in batches: every subscription that needs its order from
// PostgreSQL within one turn of the event loop shares one findMany, so a burst of thousands of
// subscriptions costs a few queries per batch instead of an order read each. Nothing is cached:
// each caller gets a read made after it asked, so a snapshot is exactly as fresh as a read of its own.
import DataLoader from 'dataloader';

import type { Db } from '@tiffin/db';
import type { OrderTrackingRow } from '@tiffin/domain';
import { readOrdersForTracking } from '@tiffin/domain';

/** Orders read in one query at most; a larger burst is split into several. */
const MAX_BATCH = 250;

/** One loader per database (tests run several). */
const loaders = new WeakMap<Db, DataLoader<string, OrderTrackingRow | null>>();

function loaderFor(db: Db): DataLoader<string, OrderTrackingRow | null> {
  let loader = loaders.get(db);
  if (!loader) {
    loader = new DataLoader(
      async (orderIds) => {
        const rows = await readOrdersForTracking(db, orderIds);
        return orderIds.map((id) => rows.get(id) ?? null);
      },
      // No memo: an order read for one subscription is never served to a later one.
      // setImmediate: the batch gathers every subscription of one pass over the sockets' I/O.
      { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn: (run) => setImmediate(run) },
    );
    loaders.set(db, loader);
  }
  return loader;
}

/** One order's tracking row (null when there is no such order), read with others asked meanwhile. */
export function readOrderForTracking(db: Db, orderId: string): Promise<OrderTrackingRow | null> {
  return loaderFor(db).load(orderId);
}
