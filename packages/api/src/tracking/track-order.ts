// order.track: a snapshot, then every later step as tracked(historyId, message). The listener is
// registered before the backlog is read, and anything at or below the last id sent (or already
// shown by the snapshot) is skipped, so a reconnect with lastEventId gets exactly what it missed:
// no gap, no duplicate. It ends at the order's final step, or at once if the client has it.
import { tracked, TRPCError } from '@trpc/server';
import superjson from 'superjson';

import type { Db, DeliveryStatus } from '@tiffin/db';
import type { Viewer } from '@tiffin/domain';
import type { Envelope, TrackedEntry, TrackingHub } from '@tiffin/events';
import {
  canViewOrder,
  DomainError,
  estimateArrival,
  getOrderForViewer,
  isTerminalOrderStatus,
} from '@tiffin/domain';
import { compareStreamIds } from '@tiffin/events';

import type { OrderSnapshot, TrackingMessage } from './tracking-messages';
import { createAsyncQueue } from './async-queue';

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

function isFinalEntry(entry: TrackedEntry): boolean {
  const message = toTrackingMessage(entry.envelope);
  return message !== null && endsTracking(message);
}

const DELIVERY_STAGE: Record<DeliveryStatus, number> = { waiting: 0, on_the_way: 1, delivered: 2 };

/** Whether the snapshot already shows a history message (null: one clients never see). */
function shownBy(snapshot: OrderSnapshot, message: TrackingMessage | null): boolean {
  if (!message) return true;
  switch (message.kind) {
    case 'order_status':
      return message.version <= snapshot.version;
    case 'delivery_created':
      return snapshot.delivery !== null;
    case 'delivery_status':
      return (
        snapshot.delivery !== null &&
        DELIVERY_STAGE[message.to] <= DELIVERY_STAGE[snapshot.delivery.status]
      );
    case 'snapshot':
      return true;
  }
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
  // Authorises (NOT_FOUND / FORBIDDEN) before anything is subscribed.
  const state = await loadTracking(db, hub, orderId, viewer);
  const { snapshot } = state;
  const finished = isTerminalOrderStatus(snapshot.status);

  // Buffers live entries from the moment we subscribe, while the snapshot and backlog go out.
  const live = createAsyncQueue<TrackedEntry>(opts.signal);
  const unsubscribe = await hub.subscribe('order', orderId, (entry) => live.push(entry));
  try {
    let lastId: string;
    let backlog: TrackedEntry[];
    // The snapshot's DB read can be newer than its history id; steps it shows are not sent again.
    let skip: (message: TrackingMessage) => boolean = () => false;
    if (opts.lastEventId) {
      lastId = opts.lastEventId;
      backlog = await hub.orderHistory(orderId, lastId);
      if (finished && !backlog.some(isFinalEntry)) {
        // The client already has the final step (or the history expired): nothing more will come.
        // A final step not projected yet is not in the history at all, and arrives live.
        const history = await hub.orderHistory(orderId);
        const final = history.find(isFinalEntry);
        if (final ? compareStreamIds(final.id, lastId) <= 0 : history.length === 0) return;
      }
    } else {
      lastId = state.historyId ?? '0-0';
      backlog = await hub.orderHistory(orderId, lastId);
      // Steps right after the snapshot's id that it already shows move its id on, so a reconnect
      // with that id does not get them again either.
      while (backlog[0] && shownBy(snapshot, toTrackingMessage(backlog[0].envelope))) {
        lastId = backlog[0].id;
        backlog.shift();
      }
      yield tracked(lastId, snapshot as TrackingMessage);
      if (finished) return;
      skip = (message) => shownBy(snapshot, message);
    }
    for (const entry of backlog) {
      lastId = entry.id;
      const message = toTrackingMessage(entry.envelope);
      if (!message || skip(message)) continue;
      yield tracked(entry.id, message);
      if (endsTracking(message)) return;
    }
    for await (const entry of live) {
      if (compareStreamIds(entry.id, lastId) <= 0) continue;
      lastId = entry.id;
      const message = toTrackingMessage(entry.envelope);
      if (!message || skip(message)) continue;
      yield tracked(entry.id, message);
      if (endsTracking(message)) return;
    }
  } finally {
    live.close();
    unsubscribe();
  }
}
