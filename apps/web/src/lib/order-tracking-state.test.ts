// The order page's state from `order.track` messages: in order, idempotent, each step once.
import { describe, expect, it } from 'vitest';

import type {
  DeliveryCreatedMessage,
  DeliveryStatusMessage,
  OrderSnapshot,
  OrderStatusMessage,
  TrackingMessage,
} from '@tiffin/api';
import type { DeliveryStatus, OrderStatus } from '@tiffin/domain/client-safe';

import type { OrderTrackingState } from './order-tracking-state';
import {
  applyTrackingMessage,
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

const PATH: OrderStatus[] = ['created', 'confirmed', 'preparing', 'out_for_delivery', 'delivered'];

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
    actor: 'sim',
    eta,
  };
}

function historyUpTo(version: number) {
  return PATH.slice(0, version).map((to, i) => ({
    from: i === 0 ? null : PATH[i - 1]!,
    to,
    at: at(i + 1),
    actor: 'sim',
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
    eta: ETA,
  };
}

/** Everything the server sends for one order from placement to the door, in order. */
const WHOLE_STREAM: TrackingMessage[] = [
  snapshot(1),
  statusMsg(2),
  statusMsg(3),
  statusMsg(4),
  deliveryCreated,
  deliveryMsg('waiting', 'on_the_way', 6),
  deliveryMsg('on_the_way', 'delivered', 7),
  statusMsg(5, null),
];

const fold = (
  messages: TrackingMessage[],
  from: OrderTrackingState = emptyTrackingState(ORDER_ID),
) => messages.reduce(applyTrackingMessage, from);

describe('applyTrackingMessage', () => {
  it('the whole stream builds the delivered order: five steps, delivery done, no ETA', () => {
    const state = fold(WHOLE_STREAM);
    expect(state.status).toBe('delivered');
    expect(state.version).toBe(5);
    expect(state.history.map((step) => step.to)).toEqual(PATH);
    expect(state.delivery).toMatchObject({
      id: DELIVERY_ID,
      status: 'delivered',
      createdAt: at(4),
      pickedUpAt: at(6),
      deliveredAt: at(7),
    });
    expect(state.eta).toBeNull();
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
      actor: 'sim',
    });
    expect(next.eta).toEqual(later);
  });

  it('a resume that overlaps what was held adds only the missed steps, in order', () => {
    const beforeDrop = fold([snapshot(1), statusMsg(2)]);
    const resumed = fold([statusMsg(2), statusMsg(3), statusMsg(4)], beforeDrop);
    expect(resumed.status).toBe('out_for_delivery');
    expect(resumed.history.map((step) => step.to)).toEqual(PATH.slice(0, 4));
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
    const out = fold([snapshot(4), deliveryCreated]);
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
    const held = fold([snapshot(4), deliveryCreated, deliveryMsg('waiting', 'on_the_way', 6)]);
    const stale = snapshot(4, {
      id: DELIVERY_ID,
      status: 'waiting',
      courierId: null,
      createdAt: at(4),
      pickedUpAt: null,
      deliveredAt: null,
    });
    expect(applyTrackingMessage(held, stale).delivery).toMatchObject({ status: 'on_the_way' });
  });

  it('a delivery step that arrives before its delivery_created still shows the delivery', () => {
    const state = fold([snapshot(4), deliveryMsg('waiting', 'on_the_way', 6), deliveryCreated]);
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
      actor: 'customer',
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
      { status: 'out_for_delivery', reached: false, at: null },
      { status: 'delivered', reached: false, at: null },
    ]);
  });

  it('a delivered order: all five steps reached, each with its time', () => {
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
    expect(deliveryStepsOf(null).map((step) => step.reached)).toEqual([false, false, false]);
  });

  it('on the way: waiting and on the way reached, with their times', () => {
    const state = fold([snapshot(4), deliveryCreated, deliveryMsg('waiting', 'on_the_way', 6)]);
    expect(deliveryStepsOf(state.delivery)).toEqual([
      { status: 'waiting', reached: true, at: at(4) },
      { status: 'on_the_way', reached: true, at: at(6) },
      { status: 'delivered', reached: false, at: null },
    ]);
  });
});
