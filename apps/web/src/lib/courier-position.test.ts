// The courier app's position rules: at most one report a second, and a simulated courier moving
// at a steady speed along the route, never past the drop-off.
import { describe, expect, it } from 'vitest';

import { distanceKm } from '@tiffin/domain/client-safe';

import { REPORT_INTERVAL_MS, reportDelay, simulatedPosition } from './courier-position';

describe('reportDelay', () => {
  it('lets the first report go at once', () => {
    expect(reportDelay(null, 5_000)).toBe(0);
  });

  it('holds a report that would come within a second of the last, until the second is up', () => {
    expect(REPORT_INTERVAL_MS).toBeGreaterThanOrEqual(1_000);
    expect(reportDelay(10_000, 10_400)).toBe(REPORT_INTERVAL_MS - 400);
    expect(reportDelay(10_000, 10_000 + REPORT_INTERVAL_MS)).toBe(0);
    expect(reportDelay(10_000, 20_000)).toBe(0);
  });
});

describe('simulatedPosition', () => {
  const from = { lat: 51.5136, lng: -0.1365 };
  const to = { lat: 51.5212, lng: -0.1243 };
  const km = distanceKm(from, to);
  const ride = { from, to, startedAt: 1_000_000, kmh: 30 };
  const after = (ms: number) => simulatedPosition(ride, ride.startedAt + ms);

  it('starts at the restaurant', () => {
    expect(after(0)).toEqual(from);
  });

  it('moves at a steady speed: the distance ridden grows with time', () => {
    const oneMinute = distanceKm(from, after(60_000));
    expect(oneMinute).toBeCloseTo(0.5, 2);
    expect(distanceKm(from, after(120_000))).toBeCloseTo(2 * oneMinute, 2);
  });

  it('stops at the drop-off', () => {
    const arrival = (km / 30) * 3_600_000;
    expect(after(arrival + 60_000)).toEqual(to);
  });

  it('a ride that has not started yet is still at the restaurant', () => {
    expect(after(-5_000)).toEqual(from);
  });
});
