// The order page's state from `order.track` messages: in order, idempotent, each step once;
// courier positions newest-first without a resume id; and who cancelled, in words.
import { describe, expect, it } from 'vitest';

import type {
  DeliveryCreatedMessage,
  DeliveryStatusMessage,
  OrderSnapshot,
  OrderStatusMessage,
  TrackedHistoryStep,
  TrackingMessage,
} from '@tiffin/api';
import type { DeliveryStatus, OrderStatus } from '@tiffin/domain/client-safe';

import type { OrderTrackingState } from './order-tracking-state';
import {
  applyTrackingMessage,
  cancellationOf,
  deliveryStepsOf,
  emptyTrackingState,
  timelineOf,
  trackingStateFromSeed,
} from './order-tracking-state';

const ORDER_ID = '7b0c2b7e-4f7a-4a53-9a4e-1f3c9a1d2e01';
const DELIVERY_ID = '0f6a3a8c-2b1d-4c5e-8f9a-3b2c1d0e9f87';
const T0 = Date.parse('2026-05-01T18:00:00Z');

/** Minute `n` of the order's life. */
const at = (n: number) => new Date(T0 + n * 60_000);
const ETA = at(40);

const PATH: OrderStatus[] = [
  'created',
  'confirmed',
  'preparing',
  'ready_for_pickup',
  'out_for_delivery',
  'delivered',
];
const RESTAURANT = { name: 'Saffron Tandoor', location: { lat: 51.5136, lng: -0.1365 } };
const DROP_OFF = { lat: 51.5212, lng: -0.1243 };

type CourierPositionMessage = Extract<TrackingMessage, { kind: 'courier_position' }>;

function positionMsg(second: number, lat: number, eta: Date | null = ETA): CourierPositionMessage {
  return {
    kind: 'courier_position',
    orderId: ORDER_ID,
    lat,
    lng: -0.13,
    at: new Date(T0 + 6 * 60_000 + second * 1000),
    eta,
  };
}

function statusMsg(version: number, eta: Date | null = ETA): OrderStatusMessage {
  const to = PATH[version - 1]!;
  const from = PATH[version - 2] ?? 'created';
  return {
    kind: 'order_status',
    orderId: ORDER_ID,
    from,
    to,
    version,
    at: at(version),
    actor: 'autopilot',
    reason: null,
    eta,
  };
}

function historyUpTo(version: number): TrackedHistoryStep[] {
  return PATH.slice(0, version).map((to, i) => ({
    from: i === 0 ? null : PATH[i - 1]!,
    to,
    at: at(i + 1),
    actor: 'autopilot',
    reason: null,
  }));
}

function snapshot(version: number, delivery: OrderSnapshot['delivery'] = null): OrderSnapshot {
  return {
    kind: 'snapshot',
    orderId: ORDER_ID,
    status: PATH[version - 1]!,
    version,
    history: historyUpTo(version),
    delivery,
    restaurant: RESTAURANT,
    dropOff: DROP_OFF,
    courierPosition: null,
    etaBasis: {
      kitchen: { acceptMs: 60_000, prepareMs: 600_000, handoverMs: 120_000 },
      tripKm: 1.2,
    },
    eta: ETA,
  };
}

const deliveryCreated: DeliveryCreatedMessage = {
  kind: 'delivery_created',
  orderId: ORDER_ID,
  deliveryId: DELIVERY_ID,
  at: at(4),
};

function deliveryMsg(
  from: DeliveryStatus,
  to: DeliveryStatus,
  minute: number,
): DeliveryStatusMessage {
  return {
    kind: 'delivery_status',
    orderId: ORDER_ID,
    deliveryId: DELIVERY_ID,
    from,
    to,
    version: minute,
    at: at(minute),
    courierId: to === 'waiting' ? null : 'courier-1',
    courierFirstName: to === 'waiting' ? null : 'Marco',
    eta: ETA,
  };
}

/** Everything the server sends for one order from placement to the door, in order. */
const WHOLE_STREAM: TrackingMessage[] = [
  snapshot(1),
  statusMsg(2),
  statusMsg(3),
  deliveryCreated,
  statusMsg(4),
  deliveryMsg('waiting', 'assigned', 5),
  statusMsg(5),
  deliveryMsg('assigned', 'on_the_way', 6),
  positionMsg(1, 51.515),
  positionMsg(2, 51.517),
  deliveryMsg('on_the_way', 'delivered', 7),
  statusMsg(6, null),
];

const fold = (
  messages: TrackingMessage[],
  from: OrderTrackingState = emptyTrackingState(ORDER_ID),
) => messages.reduce(applyTrackingMessage, from);

describe('applyTrackingMessage', () => {
  it('the whole stream builds the delivered order: six steps, delivery done, no ETA', () => {
    const state = fold(WHOLE_STREAM);
    expect(state.status).toBe('delivered');
    expect(state.version).toBe(6);
    expect(state.history.map((step) => step.to)).toEqual(PATH);
    expect(state.delivery).toMatchObject({
      id: DELIVERY_ID,
      status: 'delivered',
      courierFirstName: 'Marco',
      createdAt: at(4),
      assignedAt: at(5),
      pickedUpAt: at(6),
      deliveredAt: at(7),
    });
    expect(state.eta).toBeNull();
    expect(state.places).toEqual({ restaurant: RESTAURANT, dropOff: DROP_OFF });
    expect(state.courierPosition).toBeNull();
  });

  it('every message applied twice gives exactly the state of applying it once', () => {
    const doubled = WHOLE_STREAM.flatMap((message) => [message, message]);
    expect(fold(doubled)).toEqual(fold(WHOLE_STREAM));
  });

  it('an order_status at or below the held version is already applied: the state is unchanged', () => {
    const state = fold([snapshot(3)]);
    expect(applyTrackingMessage(state, statusMsg(3))).toBe(state);
    expect(applyTrackingMessage(state, statusMsg(2))).toBe(state);
  });

  it('a new order_status moves the status, adds its one history step and takes its ETA', () => {
    const state = fold([snapshot(2)]);
    const later = new Date(ETA.getTime() + 300_000);
    const next = applyTrackingMessage(state, statusMsg(3, later));
    expect(next.status).toBe('preparing');
    expect(next.version).toBe(3);
    expect(next.history.map((step) => step.to)).toEqual(['created', 'confirmed', 'preparing']);
    expect(next.history[2]).toEqual({
      from: 'confirmed',
      to: 'preparing',
      at: at(3),
      actor: 'autopilot',
      reason: null,
    });
    expect(next.eta).toEqual(later);
  });

  it('a resume that overlaps what was held adds only the missed steps, in order', () => {
    const beforeDrop = fold([snapshot(1), statusMsg(2)]);
    const resumed = fold([statusMsg(2), statusMsg(3), statusMsg(4), statusMsg(5)], beforeDrop);
    expect(resumed.status).toBe('out_for_delivery');
    expect(resumed.history.map((step) => step.to)).toEqual(PATH.slice(0, 5));
  });

  it('a snapshot newer than the server-rendered page replaces its status and keeps one step each', () => {
    const seeded = trackingStateFromSeed({
      id: ORDER_ID,
      status: 'confirmed',
      version: 2,
      statusChanges: historyUpTo(2),
      delivery: null,
    });
    const state = applyTrackingMessage(seeded, snapshot(3));
    expect(state.status).toBe('preparing');
    expect(state.version).toBe(3);
    expect(state.history.map((step) => step.to)).toEqual(['created', 'confirmed', 'preparing']);
    expect(state.eta).toEqual(ETA);
  });

  it('an older snapshot (a lagging cache) never moves the status backwards', () => {
    const held = fold([snapshot(1), statusMsg(2), statusMsg(3)]);
    const state = applyTrackingMessage(held, snapshot(2));
    expect(state.status).toBe('preparing');
    expect(state.version).toBe(3);
    expect(state.history.map((step) => step.to)).toEqual(['created', 'confirmed', 'preparing']);
  });

  it('a delivery is created once and only moves forward; repeats and stale steps change nothing', () => {
    const out = fold([snapshot(5), deliveryCreated]);
    expect(out.delivery).toMatchObject({ id: DELIVERY_ID, status: 'waiting', createdAt: at(4) });
    expect(applyTrackingMessage(out, deliveryCreated)).toBe(out);

    const onTheWay = applyTrackingMessage(out, deliveryMsg('waiting', 'on_the_way', 6));
    expect(onTheWay.delivery).toMatchObject({ status: 'on_the_way', pickedUpAt: at(6) });
    expect(applyTrackingMessage(onTheWay, deliveryMsg('waiting', 'on_the_way', 6))).toBe(onTheWay);

    const done = applyTrackingMessage(onTheWay, deliveryMsg('on_the_way', 'delivered', 7));
    expect(applyTrackingMessage(done, deliveryMsg('waiting', 'on_the_way', 6))).toBe(done);
    expect(done.delivery).toMatchObject({
      status: 'delivered',
      pickedUpAt: at(6),
      deliveredAt: at(7),
    });
  });

  it('a snapshot whose delivery is behind the one held keeps the one held', () => {
    const held = fold([snapshot(5), deliveryCreated, deliveryMsg('waiting', 'on_the_way', 6)]);
    const stale = snapshot(5, {
      id: DELIVERY_ID,
      status: 'waiting',
      courierId: null,
      courierFirstName: null,
      createdAt: at(4),
      assignedAt: null,
      pickedUpAt: null,
      deliveredAt: null,
    });
    expect(applyTrackingMessage(held, stale).delivery).toMatchObject({ status: 'on_the_way' });
  });

  it('a delivery step that arrives before its delivery_created still shows the delivery', () => {
    const state = fold([snapshot(5), deliveryMsg('waiting', 'on_the_way', 6), deliveryCreated]);
    expect(state.delivery).toMatchObject({ id: DELIVERY_ID, status: 'on_the_way' });
  });

  it('messages about another order are ignored', () => {
    const state = fold([snapshot(2)]);
    const other = { ...statusMsg(3), orderId: 'another-order' };
    expect(applyTrackingMessage(state, other)).toBe(state);
  });

  it('a cancelled order ends with no ETA', () => {
    const cancel: OrderStatusMessage = {
      kind: 'order_status',
      orderId: ORDER_ID,
      from: 'confirmed',
      to: 'cancelled',
      version: 3,
      at: at(3),
      actor: 'admin:someone',
      reason: 'kitchen fire',
      eta: ETA,
    };
    const state = fold([snapshot(2), cancel]);
    expect(state.status).toBe('cancelled');
    expect(state.eta).toBeNull();
  });
});

describe('timelineOf', () => {
  it('an order in progress: the steps so far with their times, the rest not reached', () => {
    const steps = timelineOf(fold([snapshot(3)]));
    expect(steps).toEqual([
      { status: 'created', reached: true, at: at(1) },
      { status: 'confirmed', reached: true, at: at(2) },
      { status: 'preparing', reached: true, at: at(3) },
      { status: 'ready_for_pickup', reached: false, at: null },
      { status: 'out_for_delivery', reached: false, at: null },
      { status: 'delivered', reached: false, at: null },
    ]);
  });

  it('a delivered order: all six steps reached, each with its time', () => {
    const steps = timelineOf(fold(WHOLE_STREAM));
    expect(steps.map((step) => step.status)).toEqual(PATH);
    expect(steps.every((step) => step.reached && step.at instanceof Date)).toBe(true);
  });

  it('a cancelled order: the steps it reached, then cancelled', () => {
    const state = fold([snapshot(2), { ...statusMsg(3), from: 'confirmed', to: 'cancelled' }]);
    expect(timelineOf(state)).toEqual([
      { status: 'created', reached: true, at: at(1) },
      { status: 'confirmed', reached: true, at: at(2) },
      { status: 'cancelled', reached: true, at: at(3) },
    ]);
  });
});

describe('deliveryStepsOf', () => {
  it('no delivery yet: nothing reached', () => {
    expect(deliveryStepsOf(null).map((step) => step.reached)).toEqual([false, false, false, false]);
  });

  it('on the way: waiting, assigned and on the way reached, with their times', () => {
    const state = fold([
      snapshot(5),
      deliveryCreated,
      deliveryMsg('waiting', 'assigned', 5),
      deliveryMsg('assigned', 'on_the_way', 6),
    ]);
    expect(deliveryStepsOf(state.delivery)).toEqual([
      { status: 'waiting', reached: true, at: at(4) },
      { status: 'assigned', reached: true, at: at(5) },
      { status: 'on_the_way', reached: true, at: at(6) },
      { status: 'delivered', reached: false, at: null },
    ]);
  });
});

describe('courier positions', () => {
  const onTheWay = () =>
    fold([snapshot(5), deliveryCreated, deliveryMsg('waiting', 'on_the_way', 6)]);

  it('each newer position moves the courier and takes its ETA', () => {
    const later = new Date(ETA.getTime() - 120_000);
    const state = fold([positionMsg(1, 51.515), positionMsg(2, 51.517, later)], onTheWay());
    expect(state.courierPosition).toEqual({ lat: 51.517, lng: -0.13, at: positionMsg(2, 0).at });
    expect(state.eta).toEqual(later);
  });

  it('an older or repeated position changes nothing', () => {
    const state = fold([positionMsg(2, 51.517)], onTheWay());
    expect(applyTrackingMessage(state, positionMsg(1, 51.515))).toBe(state);
    expect(applyTrackingMessage(state, positionMsg(2, 51.517))).toBe(state);
  });

  it("a resumed subscription's snapshot seeds the position, and a later message moves it on", () => {
    const seeded = trackingStateFromSeed({
      id: ORDER_ID,
      status: 'out_for_delivery',
      version: 5,
      statusChanges: historyUpTo(5),
      delivery: null,
      places: null,
    });
    const resumed = applyTrackingMessage(seeded, {
      ...snapshot(5),
      courierPosition: { lat: 51.516, lng: -0.13, at: positionMsg(1, 0).at },
    });
    expect(resumed.courierPosition?.lat).toBe(51.516);
    expect(resumed.places?.restaurant.name).toBe('Saffron Tandoor');
    expect(applyTrackingMessage(resumed, positionMsg(3, 51.518)).courierPosition?.lat).toBe(51.518);
  });

  it('once the order is final, positions are dropped and ignored', () => {
    const done = fold(WHOLE_STREAM);
    expect(done.courierPosition).toBeNull();
    expect(applyTrackingMessage(done, positionMsg(9, 51.52))).toBe(done);
  });
});

describe('cancellationOf', () => {
  const CUSTOMER = 'c0ffee00-0000-4000-8000-000000000001';
  const cancelled = (actor: string, reason: string | null): TrackedHistoryStep[] => [
    ...historyUpTo(1),
    { from: 'created', to: 'cancelled', at: at(2), actor, reason },
  ];

  it('the kitchen rejected: "Cancelled by the restaurant" with its reason', () => {
    expect(cancellationOf(cancelled('user:staff-1', 'out of rice'), CUSTOMER)).toEqual({
      by: 'restaurant',
      reason: 'out of rice',
      text: 'Cancelled by the restaurant: out of rice',
    });
  });

  it('nobody answered in time: the platform cancelled it', () => {
    expect(
      cancellationOf(cancelled('system', 'the restaurant did not respond'), CUSTOMER)?.text,
    ).toBe('Cancelled: the restaurant did not respond');
  });

  it('the customer cancelled it themself', () => {
    expect(cancellationOf(cancelled(`user:${CUSTOMER}`, null), CUSTOMER)).toMatchObject({
      by: 'you',
      text: 'You cancelled this order',
    });
  });

  it('an admin cancelled it', () => {
    expect(cancellationOf(cancelled('admin:a-1', 'duplicate order'), CUSTOMER)?.text).toBe(
      'Cancelled by Tiffin support: duplicate order',
    );
  });

  it('an order that was not cancelled has no cancellation', () => {
    expect(cancellationOf(historyUpTo(3), CUSTOMER)).toBeNull();
  });
});
