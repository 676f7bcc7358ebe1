// The lifecycle's tables, pair by pair, enumerated from the schema's enums and checked against
// the lifecycle written out here (not read from the tables under test): which status follows
// which, for orders and deliveries, and where each person's step starts and ends.
import { describe, expect, it } from 'vitest';

import { DeliveryStatus, OrderStatus } from '@tiffin/db/enums';

import type { OrderStep } from './order-step-rules';
import { canTransitionDelivery, DELIVERY_STATUSES } from '../deliveries/delivery-state-machine';
import { KITCHEN_STATUSES } from '../kitchen/kitchen-constants';
import { canTransitionOrder, isTerminalOrderStatus, ORDER_STATUSES } from './order-state-machine';
import { ACCEPTANCE_TIMEOUT_REASON, ORDER_STEPS } from './order-step-rules';

const ORDER_LIFECYCLE = new Set([
  'awaiting_payment→created',
  'awaiting_payment→cancelled',
  'created→confirmed',
  'confirmed→preparing',
  'preparing→ready_for_pickup',
  'ready_for_pickup→out_for_delivery',
  'out_for_delivery→delivered',
  'created→cancelled',
  'confirmed→cancelled',
]);

const DELIVERY_LIFECYCLE = new Set([
  'waiting→assigned',
  'assigned→on_the_way',
  'on_the_way→delivered',
  'waiting→cancelled',
  'assigned→cancelled',
]);

/** Each step, the status it is taken from and the one it leads to. */
const STEPS: Record<OrderStep, { from: string; to: string; reason: boolean }> = {
  accept: { from: 'created', to: 'confirmed', reason: false },
  reject: { from: 'created', to: 'cancelled', reason: true },
  startPreparing: { from: 'confirmed', to: 'preparing', reason: false },
  markReady: { from: 'preparing', to: 'ready_for_pickup', reason: false },
  cancel: { from: 'created', to: 'cancelled', reason: false },
  expireAcceptance: { from: 'created', to: 'cancelled', reason: false },
};

describe('the order lifecycle', () => {
  const statuses = Object.values(OrderStatus);

  it('knows every status of the schema', () => {
    expect([...ORDER_STATUSES].sort()).toEqual([...statuses].sort());
  });

  it('allows exactly the lifecycle’s moves, pair by pair', () => {
    for (const from of statuses) {
      for (const to of statuses) {
        expect(canTransitionOrder(from, to), `${from} → ${to}`).toBe(
          ORDER_LIFECYCLE.has(`${from}→${to}`),
        );
      }
    }
  });

  it('ends at delivered and cancelled only', () => {
    expect(statuses.filter(isTerminalOrderStatus).sort()).toEqual(['cancelled', 'delivered']);
  });

  it('the kitchen’s board holds orders from new to ready for pickup', () => {
    expect([...KITCHEN_STATUSES]).toEqual([
      'created',
      'confirmed',
      'preparing',
      'ready_for_pickup',
    ]);
  });
});

describe('the delivery lifecycle', () => {
  const statuses = Object.values(DeliveryStatus);

  it('knows every status of the schema', () => {
    expect([...DELIVERY_STATUSES].sort()).toEqual([...statuses].sort());
  });

  it('allows exactly the lifecycle’s moves, pair by pair', () => {
    for (const from of statuses) {
      for (const to of statuses) {
        expect(canTransitionDelivery(from, to), `${from} → ${to}`).toBe(
          DELIVERY_LIFECYCLE.has(`${from}→${to}`),
        );
      }
    }
  });
});

describe('the order steps', () => {
  it('each starts from one status and leads to the lifecycle’s next, for every status of the schema', () => {
    expect(Object.keys(ORDER_STEPS).sort()).toEqual(Object.keys(STEPS).sort());
    for (const [step, rule] of Object.entries(ORDER_STEPS) as [
      OrderStep,
      (typeof ORDER_STEPS)[OrderStep],
    ][]) {
      const expected = STEPS[step];
      for (const status of Object.values(OrderStatus)) {
        expect(rule.from.includes(status), `${step} from ${status}`).toBe(status === expected.from);
      }
      expect(rule.to, step).toBe(expected.to);
      expect(rule.needsReason, step).toBe(expected.reason);
      // A step never makes a move the state machine refuses.
      expect(ORDER_LIFECYCLE.has(`${expected.from}→${rule.to}`), step).toBe(true);
    }
  });

  it('tells the customer why a silent kitchen cancelled their order', () => {
    expect(ACCEPTANCE_TIMEOUT_REASON).toBe('the restaurant did not respond');
  });
});
