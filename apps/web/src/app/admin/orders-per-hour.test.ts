// The chart's series, axis and summary: every hour shown, round steps, a sentence that says it.
import { describe, expect, it } from 'vitest';

import { hourlySeries, niceScale, seriesSummary } from './orders-per-hour';

const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 2, 10, hour, minute));

describe('hourlySeries', () => {
  it('has one bar per hour from midnight to now, zeros included', () => {
    const bars = hourlySeries(at(0), at(4, 35), [
      { hour: at(1), orders: 3 },
      { hour: at(3), orders: 1 },
    ]);
    expect(bars.map((b) => [b.start.getUTCHours(), b.orders])).toEqual([
      [0, 0],
      [1, 3],
      [2, 0],
      [3, 1],
      [4, 0],
    ]);
  });

  it('starts at the hour a half-hour zone’s midnight falls in, and reaches a row past now', () => {
    const bars = hourlySeries(at(18, 30), at(19, 10), [{ hour: at(20), orders: 2 }]);
    expect(bars.map((b) => [b.start.getUTCHours(), b.orders])).toEqual([
      [18, 0],
      [19, 0],
      [20, 2],
    ]);
  });

  it('never draws more than two days of bars', () => {
    expect(hourlySeries(at(0), new Date(at(0).getTime() + 100 * 3_600_000), [])).toHaveLength(48);
  });
});

describe('niceScale', () => {
  it('uses steps of 1, 2 or 5 × 10ⁿ, whole numbers only, with the top at or above the max', () => {
    expect(niceScale(0)).toEqual({ top: 1, step: 1, ticks: [0, 1] });
    expect(niceScale(3)).toEqual({ top: 3, step: 1, ticks: [0, 1, 2, 3] });
    expect(niceScale(7)).toEqual({ top: 8, step: 2, ticks: [0, 2, 4, 6, 8] });
    expect(niceScale(12)).toEqual({ top: 15, step: 5, ticks: [0, 5, 10, 15] });
    expect(niceScale(100)).toEqual({ top: 100, step: 50, ticks: [0, 50, 100] });
    expect(niceScale(101).top).toBe(150);
  });
});

describe('seriesSummary', () => {
  const label = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:00`;

  it('names the total and the busiest hour', () => {
    const bars = hourlySeries(at(0), at(2), [
      { hour: at(1), orders: 5 },
      { hour: at(2), orders: 2 },
    ]);
    expect(seriesSummary(bars, label)).toBe(
      '7 orders in 3 hours; the busiest hour was 01:00, with 5.',
    );
  });

  it('says so when there are none', () => {
    expect(seriesSummary(hourlySeries(at(0), at(0, 20), []), label)).toBe(
      'No orders yet in 1 hour.',
    );
  });
});
