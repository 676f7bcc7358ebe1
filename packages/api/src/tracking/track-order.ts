// order.track: a snapshot, then every later step as tracked(historyId, message). The listener is
// registered before the backlog is read, and anything at or below the last id sent is skipped,
// so a reconnect with lastEventId gets exactly what it missed: no gap, no duplicate.
import { tracked, TRPCError } from '@trpc/server';
import superjson from 'superjson';

import type { Db, Viewer } from '@tiffin/db';
import {
  DomainError,
  canViewOrder,
  estimateArrival,
  getOrderForViewer,
  isTerminalOrderStatus,
} from '@tiffin/db';
import { compareStreamIds } from '@tiffin/events';
import type { Envelope, TrackedEntry, TrackingHub } from '@tiffin/events';

import { toTRPCError } from '../trpc';
import { createAsyncQueue } from './async-queue';
import type { OrderSnapshot, TrackingMessage } from './tracking-messages';

const SNAPSHOT_TTL_SECONDS = 30;

interface CachedTracking {
  parties: { userId: string; restaurantId: string; courierId: string | null };
  snapshot: OrderSnapshot;
  /** The newest history id when the snapshot was read: the snapshot covers everything up to it. */
  historyId: string | null;
}

async function loadFromDb(
  db: Db,
  hub: TrackingHub,
  orderId: string,
  viewer: Viewer,
): Promise<CachedTracking> {
  // Read the history position first: a step landing in between is then replayed, not lost.
  const historyId = await hub.latestOrderHistoryId(orderId);
  const order = await getOrderForViewer(db, orderId, viewer);
  const last = order.statusChanges.at(-1);
  const delivery = order.delivery;
  const stageStart =
    order.status === 'out_for_delivery' && delivery
      ? (delivery.pickedUpAt ?? delivery.createdAt)
      : (last?.at ?? order.createdAt);
  const snapshot: OrderSnapshot = {
    kind: 'snapshot',
    orderId,
    status: order.status,
    version: order.version,
    history: order.statusChanges,
    delivery: delivery && {
      id: delivery.id,
      status: delivery.status,
      courierId: delivery.courierId,
      createdAt: delivery.createdAt,
      pickedUpAt: delivery.pickedUpAt,
      deliveredAt: delivery.deliveredAt,
    },
    eta: estimateArrival(order.status, stageStart, delivery?.status ?? null),
  };
  return {
    parties: {
      userId: order.userId,
      restaurantId: order.restaurantId,
      courierId: delivery?.courierId ?? null,
    },
    snapshot,
    historyId,
  };
}

/** From the Redis cache (which the projection clears whenever the order moves), else the DB. */
async function loadTracking(
  db: Db,
  hub: TrackingHub,
  orderId: string,
  viewer: Viewer,
): Promise<CachedTracking> {
  const cached = await hub.cachedSnapshot(orderId);
  if (cached) {
    const value = superjson.parse<CachedTracking>(cached);
    if (!canViewOrder(viewer, value.parties)) {
      throw new DomainError('FORBIDDEN', 'You do not have access to this order.');
    }
    return value;
  }
  const fresh = await loadFromDb(db, hub, orderId, viewer);
  await hub.cacheSnapshot(orderId, superjson.stringify(fresh), SNAPSHOT_TTL_SECONDS);
  return fresh;
}

/** A history entry as the message clients apply; null for entries the snapshot already covers. */
export function toTrackingMessage(envelope: Envelope): TrackingMessage | null {
  switch (envelope.type) {
    case 'order.status_changed.v1': {
      const p = envelope.payload as Envelope<'order.status_changed.v1'>['payload'];
      if (p.from === null) return null;
      const at = new Date(p.at);
      return {
        kind: 'order_status',
        orderId: p.orderId,
        from: p.from,
        to: p.to,
        version: p.version,
        at,
        actor: p.actor,
        eta: estimateArrival(p.to, at, null),
      };
    }
    case 'delivery.created.v1': {
      const p = envelope.payload as Envelope<'delivery.created.v1'>['payload'];
      return {
        kind: 'delivery_created',
        orderId: p.orderId,
        deliveryId: p.deliveryId,
        at: new Date(p.at),
      };
    }
    case 'delivery.status_changed.v1': {
      const p = envelope.payload as Envelope<'delivery.status_changed.v1'>['payload'];
      const at = new Date(p.at);
      return {
        kind: 'delivery_status',
        orderId: p.orderId,
        deliveryId: p.deliveryId,
        from: p.from,
        to: p.to,
        version: p.version,
        at,
        eta: estimateArrival('out_for_delivery', at, p.to),
      };
    }
    default:
      return null;
  }
}

function endsTracking(message: TrackingMessage): boolean {
  return message.kind === 'order_status' && isTerminalOrderStatus(message.to);
}

export async function* trackOrder(opts: {
  db: Db;
  hub: TrackingHub | null;
  viewer: Viewer;
  orderId: string;
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
}) {
  const { db, hub, viewer, orderId } = opts;
  if (!hub)
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Live tracking is not available here.',
    });
  // Authorises (NOT_FOUND / FORBIDDEN) before anything is subscribed. Errors inside a
  // subscription's generator bypass the procedure middleware, so they are mapped here.
  const state = await loadTracking(db, hub, orderId, viewer).catch((error: unknown) => {
    throw toTRPCError(error);
  });

  // Buffers live entries from the moment we subscribe, while the snapshot and backlog go out.
  const live = createAsyncQueue<TrackedEntry>(opts.signal);
  const unsubscribe = await hub.subscribe('order', orderId, (entry) => live.push(entry));
  try {
    let lastId: string;
    if (opts.lastEventId) {
      lastId = opts.lastEventId;
    } else {
      lastId = state.historyId ?? '0-0';
      yield tracked(lastId, state.snapshot as TrackingMessage);
      if (isTerminalOrderStatus(state.snapshot.status)) return;
    }
    for (const entry of await hub.orderHistory(orderId, lastId)) {
      lastId = entry.id;
      const message = toTrackingMessage(entry.envelope);
      if (!message) continue;
      yield tracked(entry.id, message);
      if (endsTracking(message)) return;
    }
    for await (const entry of live) {
      if (compareStreamIds(entry.id, lastId) <= 0) continue;
      lastId = entry.id;
      const message = toTrackingMessage(entry.envelope);
      if (!message) continue;
      yield tracked(entry.id, message);
      if (endsTracking(message)) return;
    }
  } finally {
    live.close();
    unsubscribe();
  }
}
