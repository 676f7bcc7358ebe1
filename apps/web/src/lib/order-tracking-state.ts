// The order page's view of one order, folded from `order.track` messages. A message can arrive
// more than once (a snapshot may already include it, a resume may overlap), so applying is
// idempotent: order steps are ordered by version, delivery steps by the delivery state machine
// (the snapshot's delivery carries no version), and history is deduplicated by `to`. Courier
// positions come untracked and out of band: the newest one wins, older ones change nothing.
import type {
  OrderSnapshot,
  TrackedDelivery,
  TrackedHistoryStep,
  TrackingMessage,
} from '@tiffin/api';
import type { DeliveryStatus, GeoPoint, OrderStatus } from '@tiffin/domain/client-safe';

/** The courier's last reported position and when it was taken. */
export type CourierPosition = NonNullable<OrderSnapshot['courierPosition']>;

/** Where the food comes from and where it goes: what the tracking map draws. */
export interface TrackingPlaces {
  restaurant: { name: string; location: GeoPoint };
  dropOff: GeoPoint;
}

export interface OrderTrackingState {
  orderId: string;
  /** Null until the first snapshot when nothing was rendered on the server. */
  status: OrderStatus | null;
  /** The order version this state includes; -1 before anything is known. */
  version: number;
  /** One entry per status reached, oldest first. */
  history: TrackedHistoryStep[];
  delivery: TrackedDelivery | null;
  /** Estimated arrival; null when unknown and once the order is final. */
  eta: Date | null;
  /** Null until the server says (a page rendered without them gets them from the snapshot). */
  places: TrackingPlaces | null;
  /** The courier's latest position; null before the first one and once the order is final. */
  courierPosition: CourierPosition | null;
}

/** What the server rendered, so the page starts complete and the snapshot only confirms it. */
export interface OrderTrackingSeed {
  id: string;
  status: OrderStatus;
  version: number;
  statusChanges: TrackedHistoryStep[];
  delivery: TrackedDelivery | null;
  places?: TrackingPlaces | null;
}

export const FINAL_STATUSES: readonly OrderStatus[] = ['delivered', 'cancelled'];

/** The happy path, in order; a cancelled order leaves it after created or confirmed. */
export const ORDER_STEPS = [
  'created',
  'confirmed',
  'preparing',
  'ready_for_pickup',
  'out_for_delivery',
  'delivered',
] as const satisfies readonly OrderStatus[];

export const DELIVERY_STEPS = [
  'waiting',
  'assigned',
  'on_the_way',
  'delivered',
] as const satisfies readonly DeliveryStatus[];

const ORDER_RANK: Record<OrderStatus, number> = {
  awaiting_payment: -1,
  created: 0,
  confirmed: 1,
  preparing: 2,
  ready_for_pickup: 3,
  out_for_delivery: 4,
  delivered: 5,
  cancelled: 6,
};

const DELIVERY_RANK: Record<DeliveryStatus, number> = {
  waiting: 0,
  assigned: 1,
  on_the_way: 2,
  delivered: 3,
  cancelled: 3,
};

export function isFinalStatus(status: OrderStatus | null): boolean {
  return status !== null && FINAL_STATUSES.includes(status);
}

export function emptyTrackingState(orderId: string): OrderTrackingState {
  return {
    orderId,
    status: null,
    version: -1,
    history: [],
    delivery: null,
    eta: null,
    places: null,
    courierPosition: null,
  };
}

export function trackingStateFromSeed(seed: OrderTrackingSeed): OrderTrackingState {
  return {
    orderId: seed.id,
    status: seed.status,
    version: seed.version,
    history: mergeHistory([], seed.statusChanges),
    delivery: seed.delivery,
    eta: null,
    places: seed.places ?? null,
    courierPosition: null,
  };
}

/** Folds one message into the state; returns the same object when the message changes nothing. */
export function applyTrackingMessage(
  state: OrderTrackingState,
  message: TrackingMessage,
): OrderTrackingState {
  if (message.orderId !== state.orderId) return state;
  switch (message.kind) {
    case 'snapshot': {
      const newer = message.version >= state.version;
      const status = newer ? message.status : state.status;
      return {
        orderId: state.orderId,
        status,
        version: Math.max(message.version, state.version),
        history: mergeHistory(state.history, message.history),
        delivery: laterDelivery(state.delivery, message.delivery),
        eta: isFinalStatus(status) ? null : newer ? message.eta : (state.eta ?? message.eta),
        places: { restaurant: message.restaurant, dropOff: message.dropOff },
        courierPosition: isFinalStatus(status)
          ? null
          : laterPosition(state.courierPosition, message.courierPosition),
      };
    }
    case 'order_status': {
      const step: TrackedHistoryStep = {
        from: message.from,
        to: message.to,
        at: message.at,
        actor: message.actor,
        reason: message.reason,
      };
      if (message.version <= state.version) {
        // Already applied; only fill the history if an older snapshot lacked this step.
        const history = mergeHistory(state.history, [step]);
        return history === state.history ? state : { ...state, history };
      }
      return {
        ...state,
        status: message.to,
        version: message.version,
        history: mergeHistory(state.history, [step]),
        eta: isFinalStatus(message.to) ? null : message.eta,
        courierPosition: isFinalStatus(message.to) ? null : state.courierPosition,
      };
    }
    case 'delivery_created': {
      if (state.delivery) return state;
      return {
        ...state,
        delivery: {
          id: message.deliveryId,
          status: 'waiting',
          courierId: null,
          courierFirstName: null,
          createdAt: message.at,
          assignedAt: null,
          pickedUpAt: null,
          deliveredAt: null,
        },
      };
    }
    case 'delivery_status': {
      const current = state.delivery?.id === message.deliveryId ? state.delivery : null;
      if (current && DELIVERY_RANK[message.to] <= DELIVERY_RANK[current.status]) return state;
      const base: TrackedDelivery = current ?? {
        id: message.deliveryId,
        status: 'waiting',
        courierId: null,
        courierFirstName: null,
        createdAt: message.at,
        assignedAt: null,
        pickedUpAt: null,
        deliveredAt: null,
      };
      return {
        ...state,
        delivery: {
          ...base,
          status: message.to,
          courierId: message.courierId ?? base.courierId,
          courierFirstName: message.courierFirstName ?? base.courierFirstName,
          assignedAt: message.to === 'assigned' ? message.at : base.assignedAt,
          pickedUpAt: message.to === 'on_the_way' ? message.at : base.pickedUpAt,
          deliveredAt: message.to === 'delivered' ? message.at : base.deliveredAt,
        },
        eta: isFinalStatus(state.status) ? null : message.eta,
      };
    }
    case 'courier_position': {
      if (isFinalStatus(state.status)) return state;
      const position = { lat: message.lat, lng: message.lng, at: message.at };
      const latest = laterPosition(state.courierPosition, position);
      if (latest === state.courierPosition) return state;
      return { ...state, courierPosition: latest, eta: message.eta ?? state.eta };
    }
  }
}

/** Positions arrive out of band and may cross on a reconnect: the newest one stands. */
function laterPosition(
  held: CourierPosition | null,
  incoming: CourierPosition | null,
): CourierPosition | null {
  if (!incoming) return held;
  if (!held) return incoming;
  return incoming.at.getTime() > held.at.getTime() ? incoming : held;
}

/** Adds the steps whose `to` isn't there yet, sorted by time; returns `history` if none are new. */
function mergeHistory(
  history: TrackedHistoryStep[],
  incoming: readonly TrackedHistoryStep[],
): TrackedHistoryStep[] {
  const seen = new Set(history.map((step) => step.to));
  const added: TrackedHistoryStep[] = [];
  for (const step of incoming) {
    if (seen.has(step.to)) continue;
    seen.add(step.to);
    added.push(step);
  }
  if (added.length === 0) return history;
  return [...history, ...added].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || ORDER_RANK[a.to] - ORDER_RANK[b.to],
  );
}

/** The snapshot names the order's delivery; of two views of the same one, the further along wins. */
function laterDelivery(
  held: TrackedDelivery | null,
  snapshot: TrackedDelivery | null,
): TrackedDelivery | null {
  if (!held) return snapshot;
  if (!snapshot) return held;
  if (held.id !== snapshot.id) return snapshot;
  return DELIVERY_RANK[snapshot.status] >= DELIVERY_RANK[held.status] ? snapshot : held;
}

// ---------------------------------------------------------------- what the page draws

export interface TimelineStep {
  status: OrderStatus;
  /** Reached: in the history, or behind the current status. */
  reached: boolean;
  /** When the order reached this status, once the history says so. */
  at: Date | null;
}

/**
 * The six steps of the happy path with their times; a cancelled order shows the steps it
 * reached and then "cancelled", since the rest will never happen.
 */
export function timelineOf(state: OrderTrackingState): TimelineStep[] {
  const reachedAt = new Map(state.history.map((step) => [step.to, step.at]));
  const stepOf = (status: OrderStatus, reached: boolean): TimelineStep => ({
    status,
    reached,
    at: reached ? (reachedAt.get(status) ?? null) : null,
  });
  if (state.status === 'cancelled') {
    return [
      ...ORDER_STEPS.filter((status) => reachedAt.has(status)).map((status) =>
        stepOf(status, true),
      ),
      stepOf('cancelled', true),
    ];
  }
  const currentRank = state.status === null ? -1 : ORDER_RANK[state.status];
  return ORDER_STEPS.map((status) =>
    stepOf(status, reachedAt.has(status) || ORDER_RANK[status] <= currentRank),
  );
}

export interface DeliveryStep {
  status: DeliveryStatus;
  reached: boolean;
  at: Date | null;
}

/** Waiting → assigned → on the way → delivered, with the time of each stage the delivery reached. */
export function deliveryStepsOf(delivery: TrackedDelivery | null): DeliveryStep[] {
  const rank = delivery ? DELIVERY_RANK[delivery.status] : -1;
  return DELIVERY_STEPS.map((status) => {
    const at = {
      waiting: delivery?.createdAt ?? null,
      assigned: delivery?.assignedAt ?? null,
      on_the_way: delivery?.pickedUpAt ?? null,
      delivered: delivery?.deliveredAt ?? null,
    }[status];
    return {
      status,
      reached: DELIVERY_RANK[status] <= rank,
      at: DELIVERY_RANK[status] <= rank ? at : null,
    };
  });
}

// ---------------------------------------------------------------- who cancelled, and why

export interface Cancellation {
  by: 'you' | 'restaurant' | 'timeout' | 'support';
  reason: string | null;
  /** The sentence the page shows, e.g. "Cancelled by the restaurant: out of rice". */
  text: string;
}

/**
 * Reads the history's cancellation step. The actor label says who: the customer themself
 * (`user:<their id>`), the platform's timer (`system`), an admin (`admin:<id>`), or else the
 * kitchen (its staff, or the autopilot standing in for them).
 */
export function cancellationOf(
  history: readonly TrackedHistoryStep[],
  customerId: string | null,
): Cancellation | null {
  const step = history.find((s) => s.to === 'cancelled');
  if (!step) return null;
  const reason = step.reason?.trim() ? step.reason.trim() : null;
  if (customerId !== null && step.actor === `user:${customerId}`) {
    return { by: 'you', reason, text: 'You cancelled this order' };
  }
  if (step.actor === 'system') {
    return {
      by: 'timeout',
      reason,
      text: `Cancelled: ${reason ?? 'the restaurant did not respond'}`,
    };
  }
  if (step.actor.startsWith('admin:')) {
    return {
      by: 'support',
      reason,
      text: reason ? `Cancelled by Tiffin support: ${reason}` : 'Cancelled by Tiffin support',
    };
  }
  return {
    by: 'restaurant',
    reason,
    text: reason ? `Cancelled by the restaurant: ${reason}` : 'Cancelled by the restaurant',
  };
}
