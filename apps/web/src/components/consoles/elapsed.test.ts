// Ages read the same on the kitchen board and the admin console.
import { describe, expect, it } from 'vitest';

import { formatAgo, formatElapsed, formatLeft, shortOrderId } from './elapsed';

const MIN = 60_000;

describe('formatElapsed', () => {
  it('says "just now" under a minute, and for a clock a little behind', () => {
    expect(formatElapsed(0, 59_999)).toBe('just now');
    expect(formatElapsed(10_000, 0)).toBe('just now');
  });

  it('counts whole minutes, then hours and minutes, then days', () => {
    expect(formatElapsed(0, 4 * MIN + 59_000)).toBe('4 min');
    expect(formatElapsed(0, 59 * MIN)).toBe('59 min');
    expect(formatElapsed(0, 65 * MIN)).toBe('1 h 05 min');
    expect(formatElapsed(0, 47 * 60 * MIN)).toBe('47 h 00 min');
    expect(formatElapsed(0, 72 * 60 * MIN)).toBe('3 days');
  });
});

describe('formatAgo', () => {
  it('adds "ago" to an age, but not to "just now"', () => {
    expect(formatAgo(0, 30_000)).toBe('just now');
    expect(formatAgo(0, 3 * MIN)).toBe('3 min ago');
  });
});

describe('shortOrderId', () => {
  it('is the first eight characters, upper case', () => {
    expect(shortOrderId('3f2a9c1e-0b7d-4c55-9f3e-1a2b3c4d5e6f')).toBe('3F2A9C1E');
  });
});

describe('formatLeft', () => {
  it('counts whole minutes down to the deadline, then says time is up', () => {
    expect(formatLeft(5 * 60_000, 0)).toBe('5 min left');
    expect(formatLeft(5 * 60_000, 61_000)).toBe('3 min left');
    expect(formatLeft(60_000, 30_000)).toBe('under a minute left');
    expect(formatLeft(60_000, 60_000)).toBe('time is up');
    expect(formatLeft(60_000, 90_000)).toBe('time is up');
  });
});
