// The keyboard moves the checkout pin by real distances: 100 m north is 100 m whatever the
// latitude, and so is 100 m east.
import { describe, expect, it } from 'vitest';

import { distanceKm } from '@tiffin/domain/client-safe';

import { movePin } from './pin-moves';

describe('movePin', () => {
  const london = { lat: 51.5136, lng: -0.1365 };

  it('moves the asked distance north and east, to within a metre', () => {
    expect(distanceKm(london, movePin(london, 0.1, 0)) * 1000).toBeCloseTo(100, 0);
    expect(distanceKm(london, movePin(london, 0, 0.1)) * 1000).toBeCloseTo(100, 0);
    expect(movePin(london, 0.1, 0).lat).toBeGreaterThan(london.lat);
    expect(movePin(london, 0, -0.1).lng).toBeLessThan(london.lng);
  });

  it('keeps six decimals (about 10 cm), as the order stores them', () => {
    const moved = movePin(london, 0.0123, 0.0456);
    expect(moved.lat).toBe(Math.round(moved.lat * 1e6) / 1e6);
    expect(moved.lng).toBe(Math.round(moved.lng * 1e6) / 1e6);
  });
});
