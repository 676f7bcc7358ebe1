// Weekly opening hours, on the restaurant's own clock: across midnight and the week's end, in
// other time zones, and on the days the clocks change; what checkout says about the next opening,
// and what the kitchen console may save.
import { describe, expect, it } from 'vitest';

import type { OpeningInterval } from './opening-hours';
import {
  availability,
  describeNextOpening,
  formatClock,
  isWithinHours,
  nextOpening,
  openingHoursInputSchema,
  parseClock,
} from './opening-hours';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const daily = (opensAt: number, closesAt: number): OpeningInterval[] =>
  EVERY_DAY.map((weekday) => ({ weekday, opensAt, closesAt }));
const at = (iso: string) => new Date(iso);
const h = (hours: number, minutes = 0) => hours * 60 + minutes;

// 2026-12-07 is a Monday; London is on GMT (UTC+0) in December and on BST (UTC+1) in July.
describe('isWithinHours', () => {
  const lunchToLate = daily(h(11, 30), h(23));

  it('is open from the opening minute up to, not including, the closing one', () => {
    expect(isWithinHours(lunchToLate, 'Europe/London', at('2026-12-07T11:29:00Z'))).toBe(false);
    expect(isWithinHours(lunchToLate, 'Europe/London', at('2026-12-07T11:30:00Z'))).toBe(true);
    expect(isWithinHours(lunchToLate, 'Europe/London', at('2026-12-07T22:59:00Z'))).toBe(true);
    expect(isWithinHours(lunchToLate, 'Europe/London', at('2026-12-07T23:00:00Z'))).toBe(false);
  });

  it('reads the clock of the restaurant’s zone: summer time moves the opening an hour in UTC', () => {
    // 10:45 UTC is 11:45 in London in July (open), 10:45 in December (closed).
    expect(isWithinHours(lunchToLate, 'Europe/London', at('2026-07-01T10:45:00Z'))).toBe(true);
    expect(isWithinHours(lunchToLate, 'Europe/London', at('2026-12-01T10:45:00Z'))).toBe(false);
    // 22:30 UTC is 23:30 in July (closed), 22:30 in December (open).
    expect(isWithinHours(lunchToLate, 'Europe/London', at('2026-07-01T22:30:00Z'))).toBe(false);
    expect(isWithinHours(lunchToLate, 'Europe/London', at('2026-12-01T22:30:00Z'))).toBe(true);
  });

  it('on the days the clocks change, local time decides', () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST. 10:20 UTC is 11:20 local (closed), 10:40 open.
    expect(isWithinHours(lunchToLate, 'Europe/London', at('2026-03-29T10:20:00Z'))).toBe(false);
    expect(isWithinHours(lunchToLate, 'Europe/London', at('2026-03-29T10:40:00Z'))).toBe(true);
    // 25 October 2026: 01:00–02:00 local happens twice; a kitchen open 01:00–02:00 is open both times.
    const smallHours = daily(h(1), h(2));
    expect(isWithinHours(smallHours, 'Europe/London', at('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isWithinHours(smallHours, 'Europe/London', at('2026-10-25T01:30:00Z'))).toBe(true);
    expect(isWithinHours(smallHours, 'Europe/London', at('2026-10-25T02:30:00Z'))).toBe(false);
  });

  it('the weekday is the restaurant’s: Monday morning in Tokyo is still Sunday in UTC', () => {
    const mondayMorning: OpeningInterval[] = [{ weekday: 1, opensAt: h(9), closesAt: h(10) }];
    // Sunday 6 December, 09:30 in Tokyo: closed (it opens on Mondays only).
    expect(isWithinHours(mondayMorning, 'Asia/Tokyo', at('2026-12-06T00:30:00Z'))).toBe(false);
    // Monday 7 December, 09:30 in Tokyo (00:30 UTC): open.
    expect(isWithinHours(mondayMorning, 'Asia/Tokyo', at('2026-12-07T00:30:00Z'))).toBe(true);
    // Monday 03:00 UTC is Sunday 22:00 in New York.
    const sundayNight: OpeningInterval[] = [{ weekday: 7, opensAt: h(21), closesAt: h(23) }];
    expect(isWithinHours(sundayNight, 'America/New_York', at('2026-12-07T03:00:00Z'))).toBe(true);
    expect(isWithinHours(sundayNight, 'Europe/London', at('2026-12-07T03:00:00Z'))).toBe(false);
  });

  it('a late night across midnight is two intervals, 18:00–24:00 and 00:00–02:00', () => {
    const lateNight = [...daily(h(18), h(24)), ...daily(0, h(2))];
    expect(isWithinHours(lateNight, 'UTC', at('2026-12-07T23:59:00Z'))).toBe(true);
    expect(isWithinHours(lateNight, 'UTC', at('2026-12-08T00:00:00Z'))).toBe(true);
    expect(isWithinHours(lateNight, 'UTC', at('2026-12-08T01:59:00Z'))).toBe(true);
    expect(isWithinHours(lateNight, 'UTC', at('2026-12-08T02:00:00Z'))).toBe(false);
    expect(isWithinHours(lateNight, 'UTC', at('2026-12-08T17:59:00Z'))).toBe(false);
  });

  it('a restaurant that keeps no hours is open whenever its switch is on', () => {
    expect(isWithinHours([], 'Europe/London', at('2026-12-07T03:00:00Z'))).toBe(true);
    expect(nextOpening([], 'Europe/London', at('2026-12-07T03:00:00Z'))).toBeNull();
  });
});

describe('nextOpening and what checkout says', () => {
  it('later today: "opens at 17:00"', () => {
    const hours = [...daily(h(11, 30), h(14, 30)), ...daily(h(17), h(22))];
    const next = nextOpening(hours, 'Europe/London', at('2026-12-07T15:00:00Z'));
    expect(next).toEqual({ inDays: 0, weekday: 1, opensAt: h(17) });
    expect(describeNextOpening(next)).toBe('opens at 17:00');
  });

  it('after closing, across midnight: "opens tomorrow at 11:30"', () => {
    const next = nextOpening(daily(h(11, 30), h(23)), 'Europe/London', at('2026-12-07T23:30:00Z'));
    expect(next).toEqual({ inDays: 1, weekday: 2, opensAt: h(11, 30) });
    expect(describeNextOpening(next)).toBe('opens tomorrow at 11:30');
  });

  it('across the week’s end: Sunday evening opens tomorrow, Monday after lunch opens next Monday', () => {
    const mondayLunch: OpeningInterval[] = [{ weekday: 1, opensAt: h(12), closesAt: h(14) }];
    const sunday = nextOpening(mondayLunch, 'UTC', at('2026-12-06T20:00:00Z'));
    expect(sunday).toEqual({ inDays: 1, weekday: 1, opensAt: h(12) });
    const monday = nextOpening(mondayLunch, 'UTC', at('2026-12-07T15:00:00Z'));
    expect(monday).toEqual({ inDays: 7, weekday: 1, opensAt: h(12) });
    expect(describeNextOpening(monday)).toBe('opens Monday at 12:00');
    const friday = nextOpening(
      [{ weekday: 5, opensAt: h(18), closesAt: h(23) }],
      'UTC',
      at('2026-12-08T12:00:00Z'),
    );
    expect(describeNextOpening(friday)).toBe('opens Friday at 18:00');
  });

  it('counts days on the restaurant’s clock, not UTC’s', () => {
    // 23:30 UTC on Monday is 08:30 on Tuesday in Tokyo: a 09:00 opening is today there.
    const next = nextOpening(daily(h(9), h(17)), 'Asia/Tokyo', at('2026-12-07T23:30:00Z'));
    expect(next).toEqual({ inDays: 0, weekday: 2, opensAt: h(9) });
  });

  it('availability: the switch comes first, then the hours', () => {
    const restaurant = { isOpen: true, timeZone: 'Europe/London', hours: daily(h(17), h(22)) };
    expect(availability(restaurant, at('2026-12-07T18:00:00Z'))).toEqual({
      open: true,
      reason: null,
      opensNext: null,
    });
    expect(availability(restaurant, at('2026-12-07T12:00:00Z'))).toEqual({
      open: false,
      reason: 'outside_hours',
      opensNext: { inDays: 0, weekday: 1, opensAt: h(17) },
    });
    expect(availability({ ...restaurant, isOpen: false }, at('2026-12-07T18:00:00Z'))).toEqual({
      open: false,
      reason: 'switched_off',
      opensNext: null,
    });
    expect(describeNextOpening(null)).toBe('is closed until further notice');
  });
});

describe('clocks and the hours the console saves', () => {
  it('"HH:MM" from 00:00 to 24:00, and back', () => {
    expect(parseClock('00:00')).toBe(0);
    expect(parseClock('9:05')).toBe(h(9, 5));
    expect(parseClock('24:00')).toBe(1440);
    for (const bad of ['24:01', '12:60', '1200', 'noon', '-1:00', '']) {
      expect(parseClock(bad), bad).toBeNull();
    }
    expect(formatClock(h(9, 5))).toBe('09:05');
    expect(formatClock(1440)).toBe('24:00');
  });

  const save = (hours: { weekday: number; opensAt: string; closesAt: string }[]) =>
    openingHoursInputSchema.safeParse({ hours });
  const firstError = (hours: Parameters<typeof save>[0]) => {
    const parsed = save(hours);
    return parsed.success ? null : parsed.error.issues[0]!.message;
  };

  it('accepts a split day, intervals that touch, and midnight as 24:00', () => {
    expect(
      save([
        { weekday: 1, opensAt: '11:30', closesAt: '14:30' },
        { weekday: 1, opensAt: '14:30', closesAt: '24:00' },
        { weekday: 2, opensAt: '00:00', closesAt: '02:00' },
      ]).success,
    ).toBe(true);
    expect(save([]).success).toBe(true);
  });

  it('refuses overlapping intervals on one day, an opening after its closing, and bad clocks', () => {
    expect(
      firstError([
        { weekday: 3, opensAt: '09:00', closesAt: '12:00' },
        { weekday: 3, opensAt: '11:00', closesAt: '14:00' },
      ]),
    ).toBe('Two intervals on the same day overlap');
    // The same times on two different days do not overlap.
    expect(
      firstError([
        { weekday: 3, opensAt: '09:00', closesAt: '12:00' },
        { weekday: 4, opensAt: '11:00', closesAt: '14:00' },
      ]),
    ).toBeNull();
    expect(firstError([{ weekday: 1, opensAt: '22:00', closesAt: '02:00' }])).toBe(
      'A restaurant must open before it closes (use 24:00 for midnight)',
    );
    expect(firstError([{ weekday: 1, opensAt: '10:00', closesAt: '10:00' }])).toBe(
      'A restaurant must open before it closes (use 24:00 for midnight)',
    );
    expect(firstError([{ weekday: 1, opensAt: '25:00', closesAt: '26:00' }])).toBe(
      'Times are HH:MM, from 00:00 to 24:00',
    );
    expect(firstError([{ weekday: 8, opensAt: '10:00', closesAt: '11:00' }])).toBe(
      'Weekdays are 1 (Monday) to 7 (Sunday)',
    );
  });
});
