// The arrival estimate at each stage: before the pick-up from this kitchen's own pace (what is
// left of the current stage, then the later stages whole, then the ride), on the way from the
// distance left and the courier's speed; never sooner than a minute, none once it is over.
import { describe, expect, it } from 'vitest';

import type { EtaBasis, EtaProgress } from './estimate-arrival';
import { DEFAULT_COURIER_KMH, estimateArrival } from './estimate-arrival';

const MINUTE = 60_000;
const T0 = new Date('2026-12-07T12:00:00Z');
const plus = (minutes: number, from = T0) => new Date(from.getTime() + minutes * MINUTE);

/** Accepts in 2 minutes, cooks in 10, hands over in 4; the ride is 3 km (10 minutes at 18 km/h). */
const basis: EtaBasis = {
  kitchen: { acceptMs: 2 * MINUTE, prepareMs: 10 * MINUTE, handoverMs: 4 * MINUTE },
  tripKm: 3,
};

function progress(p: Partial<EtaProgress>): EtaProgress {
  return {
    status: 'created',
    createdAt: T0,
    confirmedAt: null,
    readyAt: null,
    pickedUpAt: null,
    remainingKm: null,
    courierKmh: null,
    ...p,
  };
}

/** Minutes from `now` to the estimate. */
function minutesLeft(p: Partial<EtaProgress>, now: Date): number | null {
  const eta = estimateArrival(basis, progress(p), now);
  return eta === null ? null : (eta.getTime() - now.getTime()) / MINUTE;
}

describe('estimateArrival', () => {
  it('rides at 18 km/h until a courier’s own speed is known', () => {
    expect(DEFAULT_COURIER_KMH).toBe(18);
  });

  it('a new order: what is left of accepting, then cooking, handover and the ride', () => {
    expect(minutesLeft({}, plus(1))).toBe(1 + 10 + 4 + 10);
    // A kitchen slower than usual to accept: nothing is left of that stage, the rest stands.
    expect(minutesLeft({}, plus(5))).toBe(10 + 4 + 10);
  });

  it('accepted or cooking: what is left of the cooking since the acceptance, then handover and ride', () => {
    const confirmedAt = plus(2);
    expect(minutesLeft({ status: 'confirmed', confirmedAt }, plus(5))).toBe(7 + 4 + 10);
    expect(minutesLeft({ status: 'preparing', confirmedAt }, plus(8))).toBe(4 + 4 + 10);
    // Without its acceptance time, cooking counts from the order.
    expect(minutesLeft({ status: 'preparing' }, plus(3))).toBe(7 + 4 + 10);
  });

  it('ready: what is left of the handover, then the ride', () => {
    expect(minutesLeft({ status: 'ready_for_pickup', readyAt: plus(15) }, plus(16))).toBe(3 + 10);
  });

  it('on the way: the distance left at the courier’s speed, or what is left of the ride', () => {
    const onTheWay = { status: 'out_for_delivery' as const, pickedUpAt: plus(20) };
    expect(minutesLeft({ ...onTheWay, remainingKm: 1.5, courierKmh: 30 }, plus(22))).toBe(3);
    // Standing at a light (under 3 km/h) is not their speed: the usual 18 km/h is assumed.
    expect(minutesLeft({ ...onTheWay, remainingKm: 1.5, courierKmh: 2 }, plus(22))).toBe(5);
    // No position yet: the ride's usual length, less the time since the pick-up.
    expect(minutesLeft(onTheWay, plus(24))).toBe(6);
  });

  it('the courier’s known speed also times the ride before the pick-up', () => {
    expect(minutesLeft({ status: 'ready_for_pickup', readyAt: T0, courierKmh: 36 }, T0)).toBe(
      4 + 5,
    );
  });

  it('is never sooner than a minute from now, and gone once delivered or cancelled', () => {
    const almostThere = { status: 'out_for_delivery' as const, remainingKm: 0.01, courierKmh: 20 };
    expect(minutesLeft(almostThere, plus(30))).toBe(1);
    expect(minutesLeft({ status: 'out_for_delivery', pickedUpAt: T0 }, plus(60))).toBe(1);
    expect(minutesLeft({ status: 'delivered' }, plus(30))).toBeNull();
    expect(minutesLeft({ status: 'cancelled' }, plus(1))).toBeNull();
  });
});
