// order.track: a snapshot, then every later step as tracked(historyId, message), and the courier's
// positions as they come (untracked: a resumed subscription gets the latest in its snapshot). The
// listeners are registered before the backlog is read, and anything at or below the last id sent
// (or already shown by the snapshot) is skipped, so a reconnect with lastEventId gets exactly what
// it missed: no gap, no duplicate. It ends at the order's final step, or at once if the client
// has it. Every message carries the arrival estimate as it stands after it.
import { tracked } from '@trpc/server';
import superjson from 'superjson';

import type { Db } from '@tiffin/db';
import type { EtaProgress, Viewer } from '@tiffin/domain';
import type { CourierPosition, Envelope, TrackedEntry, TrackingHub } from '@tiffin/events';
import {
  canViewOrder,
  distanceKm,
  DomainError,
  estimateArrival,
  firstName,
  isTerminalOrderStatus,
  orderTrackingForViewer,
} from '@tiffin/domain';
import { compareStreamIds, inHistoryOrder } from '@tiffin/events';

import type { OrderSnapshot, TrackedHistoryStep, TrackingMessage } from './tracking-messages';
import { createAsyncQueue } from './async-queue';
import { kitchenPace } from './kitchen-pace-cache';
import { readOrderForTracking } from './order-tracking-batch';

const SNAPSHOT_TTL_SECONDS = 30;

/** The snapshot without what changes by the second (the estimate and the courier's position). */
type StoredSnapshot = Omit<OrderSnapshot, 'eta' | 'courierPosition'>;

interface CachedTracking {
  parties: { userId: string; restaurantId: string; courierId: string | null };
  snapshot: StoredSnapshot;
  /** The newest history id when the snapshot was read: the snapshot covers everything up to it. */
  historyId: string | null;
}

/** When the order last reached `status`, from its history. */
function reachedAt(history: readonly TrackedHistoryStep[], status: string): Date | null {
  return history.findLast((step) => step.to === status)?.at ?? null;
}

function progressOf(snapshot: StoredSnapshot, createdAt: Date): EtaProgress {
  return {
    status: snapshot.status,
    createdAt,
    confirmedAt: reachedAt(snapshot.history, 'confirmed'),
    readyAt: reachedAt(snapshot.history, 'ready_for_pickup'),
    pickedUpAt: snapshot.delivery?.pickedUpAt ?? reachedAt(snapshot.history, 'out_for_delivery'),
    remainingKm: null,
    courierKmh: null,
  };
}

/** The order from PostgreSQL (batched with other subscriptions'), as of `historyId` or later. */
async function loadFromDb(
  db: Db,
  orderId: string,
  viewer: Viewer,
  historyId: string | null,
): Promise<CachedTracking> {
  const order = orderTrackingForViewer(await readOrderForTracking(db, orderId), viewer);
  const kitchen = await kitchenPace(db, order.restaurantId);
  const { delivery } = order;
  const snapshot: StoredSnapshot = {
    kind: 'snapshot',
    orderId,
    status: order.status,
    version: order.version,
    history: order.statusChanges,
    delivery: delivery && {
      id: delivery.id,
      status: delivery.status,
      courierId: delivery.courierId,
      courierFirstName: delivery.courierFirstName,
      createdAt: delivery.createdAt,
      assignedAt: delivery.assignedAt,
      pickedUpAt: delivery.pickedUpAt,
      deliveredAt: delivery.deliveredAt,
    },
    restaurant: { name: order.restaurant.name, location: order.pickUp },
    dropOff: order.dropOff,
    etaBasis: { kitchen, tripKm: distanceKm(order.pickUp, order.dropOff) },
  };
  return { parties: order.parties, snapshot, historyId };
}

/**
 * From the Redis cache (which the projection clears whenever the order moves), else the DB;
 * `fresh` is what to cache when it came from the DB.
 */
async function loadTracking(
  db: Db,
  hub: TrackingHub,
  orderId: string,
  viewer: Viewer,
): Promise<{ state: CachedTracking; fresh: string | null }> {
  // Both at once; the history position is read before the DB, so a step landing in between is
  // then replayed, not lost.
  const [cached, latestId] = await Promise.all([
    hub.cachedSnapshot(orderId),
    hub.latestOrderHistoryId(orderId),
  ]);
  if (cached) {
    const value = superjson.parse<CachedTracking>(cached);
    if (!canViewOrder(viewer, value.parties)) {
      throw new DomainError('FORBIDDEN', 'You do not have access to this order.');
    }
    return { state: value, fresh: null };
  }
  const state = await loadFromDb(db, orderId, viewer, latestId);
  return { state, fresh: superjson.stringify(state) };
}

/**
 * A history entry as the message clients apply (estimates filled in later); null for entries no
 * client shows.
 */
export function toTrackingMessage(envelope: Envelope): TrackingMessage | null {
  switch (envelope.type) {
    case 'order.status_changed.v1': {
      const p = envelope.payload as Envelope<'order.status_changed.v1'>['payload'];
      if (p.from === null) return null;
      return {
        kind: 'order_status',
        orderId: p.orderId,
        from: p.from,
        to: p.to,
        version: p.version,
        at: new Date(p.at),
        actor: p.actor,
        reason: p.reason ?? null,
        eta: null,
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
      return {
        kind: 'delivery_status',
        orderId: p.orderId,
        deliveryId: p.deliveryId,
        from: p.from,
        to: p.to,
        version: p.version,
        at: new Date(p.at),
        courierId: p.courierId ?? null,
        courierFirstName: null,
        eta: null,
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

const DELIVERY_STAGE = { waiting: 0, assigned: 1, on_the_way: 2, delivered: 3, cancelled: 3 };

/** Whether the snapshot already shows a history message (null: one clients never see). */
function shownBy(snapshot: StoredSnapshot, message: TrackingMessage | null): boolean {
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
    case 'courier_position':
      return true;
  }
}

/**
 * One subscription's arrival estimate and what it has shown, as one object: its methods sit on
 * the prototype, where closures made per subscription would each cost memory (and, under tsx's
 * keepNames, a name property each).
 */
class EstimatedTrail {
  private readonly progress: EtaProgress;
  /** Couriers by id, first names only, looked up once per subscription (made at the first one). */
  private courierNames: Map<string, string | null> | undefined;
  /** The last position applied: an earlier one must not move the courier back on the map. */
  private lastPositionMs = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly snapshot: StoredSnapshot,
  ) {
    this.progress = progressOf(snapshot, snapshot.history[0]?.at ?? new Date());
  }

  eta() {
    return estimateArrival(this.snapshot.etaBasis, this.progress);
  }

  /** Applies a message to the estimate's progress, and completes it for the client. */
  async complete(message: TrackingMessage): Promise<TrackingMessage> {
    const { progress } = this;
    if (message.kind === 'order_status') {
      progress.status = message.to;
      if (message.to === 'confirmed') progress.confirmedAt = message.at;
      if (message.to === 'ready_for_pickup') progress.readyAt = message.at;
      if (message.to === 'out_for_delivery') progress.pickedUpAt = message.at;
      return { ...message, eta: this.eta() };
    }
    if (message.kind === 'delivery_status') {
      const courierFirstName = message.courierId ? await this.nameOf(message.courierId) : null;
      return { ...message, courierFirstName, eta: this.eta() };
    }
    return message;
  }

  private async nameOf(courierId: string): Promise<string | null> {
    const known = (this.courierNames ??= new Map<string, string | null>());
    if (!known.has(courierId)) {
      const user = await this.db.user.findUnique({
        where: { id: courierId },
        select: { name: true },
      });
      known.set(courierId, user ? firstName(user.name) : null);
    }
    return known.get(courierId) ?? null;
  }

  /**
   * A position reported before the last one applied: the hub may hand over a fan-out entry from
   * before this subscription, and the courier must not jump back on the map.
   */
  isStale(position: CourierPosition): boolean {
    return Date.parse(position.at) <= this.lastPositionMs;
  }

  onPosition(position: CourierPosition): TrackingMessage {
    this.lastPositionMs = Date.parse(position.at);
    this.progress.remainingKm = distanceKm(position, this.snapshot.dropOff);
    this.progress.courierKmh = position.speedKmh;
    return {
      kind: 'courier_position',
      orderId: this.snapshot.orderId,
      lat: position.lat,
      lng: position.lng,
      at: new Date(position.at),
      eta: this.eta(),
    };
  }
}

/** A delivery whose courier may be reporting positions. */
const underWay = (status: string) => status === 'assigned' || status === 'on_the_way';

type LiveItem = { entry: TrackedEntry } | { position: CourierPosition };

export async function* trackOrder(opts: {
  db: Db;
  hub: TrackingHub;
  viewer: Viewer;
  orderId: string;
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
}) {
  const { db, hub, viewer, orderId } = opts;
  // Authorises (NOT_FOUND / FORBIDDEN) before anything is subscribed.
  const { state, fresh } = await loadTracking(db, hub, orderId, viewer);
  const { snapshot } = state;
  const finished = isTerminalOrderStatus(snapshot.status);
  const trail = new EstimatedTrail(db, snapshot);

  // Buffers live entries and positions from the moment we subscribe, while the backlog goes out.
  const live = createAsyncQueue<LiveItem>(opts.signal);
  const unsubscribes = await Promise.all([
    hub.subscribe('order', orderId, (entry) => live.push({ entry })),
    hub.subscribePositions(orderId, (position) => live.push({ position })),
  ]);
  try {
    let lastId = opts.lastEventId || (state.historyId ?? '0-0');
    // The snapshot's DB read can be newer than its history id; steps it shows are not sent again.
    let skipShown = false;
    // One round trip: the snapshot cached (when it was read from the DB), the courier's latest
    // position (while one may be reporting) and the history after lastId.
    const { backlog, position } = await hub.catchUp(orderId, {
      afterId: lastId,
      position: snapshot.delivery !== null && underWay(snapshot.delivery.status),
      cache: fresh === null ? undefined : { json: fresh, ttlSeconds: SNAPSHOT_TTL_SECONDS },
    });
    if (position) trail.onPosition(position);
    if (opts.lastEventId) {
      if (finished && !backlog.some(isFinalEntry)) {
        // The client already has the final step (or the history expired): nothing more will come.
        // A final step not projected yet is not in the history at all, and arrives live.
        const history = await hub.orderHistory(orderId);
        const final = history.find(isFinalEntry);
        if (final ? compareStreamIds(final.id, lastId) <= 0 : history.length === 0) return;
      }
      if (position) yield trail.onPosition(position);
    } else {
      // Steps right after the snapshot's id that it already shows move its id on, so a reconnect
      // with that id does not get them again either.
      while (backlog[0] && shownBy(snapshot, toTrackingMessage(backlog[0].envelope))) {
        lastId = backlog[0].id;
        backlog.shift();
      }
      const courierPosition = position
        ? { lat: position.lat, lng: position.lng, at: new Date(position.at) }
        : null;
      const first: TrackingMessage = { ...snapshot, courierPosition, eta: trail.eta() };
      yield tracked(lastId, first);
      if (finished) return;
      skipShown = true;
    }
    for (const entry of backlog) {
      lastId = entry.id;
      const message = toTrackingMessage(entry.envelope);
      if (!message || (skipShown && shownBy(snapshot, message))) continue;
      yield tracked(entry.id, await trail.complete(message));
      if (endsTracking(message)) return;
    }
    for await (const item of live) {
      if ('position' in item) {
        if (!trail.isStale(item.position)) yield trail.onPosition(item.position);
        continue;
      }
      for (const entry of await inHistoryOrder(item.entry, lastId, (id) =>
        hub.orderHistory(orderId, id),
      )) {
        lastId = entry.id;
        const message = toTrackingMessage(entry.envelope);
        if (!message || (skipShown && shownBy(snapshot, message))) continue;
        yield tracked(entry.id, await trail.complete(message));
        if (endsTracking(message)) return;
      }
    }
  } finally {
    live.close();
    for (const unsubscribe of unsubscribes) unsubscribe();
  }
}
