// The hours editor shows what is stored, sends what the API accepts, and points at the field
// that is wrong, whether the browser or the server found the problem.
import { describe, expect, it } from 'vitest';

import type { HoursForm } from './opening-hours-form';
import { hoursErrorsFromServer, hoursFormFrom, hoursInput } from './opening-hours-form';

const LUNCH_TO_LATE = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  opensAt: 11 * 60 + 30,
  closesAt: 23 * 60,
}));

function week(edit: (form: HoursForm) => void): HoursForm {
  const form = hoursFormFrom(LUNCH_TO_LATE);
  edit(form);
  return form;
}

describe('hoursFormFrom', () => {
  it('shows stored intervals as HH:MM per day, sorted, and days without any as closed', () => {
    const form = hoursFormFrom([
      { weekday: 2, opensAt: 17 * 60, closesAt: 1440 },
      { weekday: 2, opensAt: 12 * 60, closesAt: 14 * 60 + 30 },
    ]);
    expect(form.mode).toBe('weekly');
    expect(form.days[1]).toEqual({
      weekday: 2,
      open: true,
      intervals: [
        { opensAt: '12:00', closesAt: '14:30' },
        { opensAt: '17:00', closesAt: '24:00' },
      ],
    });
    expect(form.days[0]?.open).toBe(false);
    expect(form.days).toHaveLength(7);
  });

  it('reads no stored hours as "no fixed hours"', () => {
    expect(hoursFormFrom([]).mode).toBe('always');
  });
});

describe('hoursInput', () => {
  it('round-trips stored hours', () => {
    const result = hoursInput(hoursFormFrom(LUNCH_TO_LATE));
    expect(result).toEqual({
      ok: true,
      hours: LUNCH_TO_LATE.map((h) => ({
        weekday: h.weekday,
        opensAt: '11:30',
        closesAt: '23:00',
      })),
    });
  });

  it('sends nothing for closed days, and an empty week for "no fixed hours"', () => {
    const closedMonday = hoursInput(week((f) => (f.days[0]!.open = false)));
    expect(closedMonday.ok && closedMonday.hours.map((h) => h.weekday)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(hoursInput({ ...hoursFormFrom(LUNCH_TO_LATE), mode: 'always' })).toEqual({
      ok: true,
      hours: [],
    });
  });

  it('pins bad times, backwards intervals and overlaps to their fields', () => {
    const result = hoursInput(
      week((f) => {
        f.days[0]!.intervals = [{ opensAt: '9', closesAt: '25:00' }];
        f.days[1]!.intervals = [{ opensAt: '22:00', closesAt: '10:00' }];
        f.days[2]!.intervals = [
          { opensAt: '17:00', closesAt: '23:00' },
          { opensAt: '12:00', closesAt: '18:00' },
        ];
      }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        '1.0.opensAt': 'Use HH:MM, e.g. 11:30',
        '1.0.closesAt': 'Use HH:MM, e.g. 23:00 (24:00 is midnight)',
        '2.0': 'Opening time must come before closing time (use 24:00 for midnight)',
        '3.0': 'Overlaps another interval on this day',
      },
    });
  });

  it('refuses a week with every day closed, which would mean "always open"', () => {
    const result = hoursInput(week((f) => f.days.forEach((d) => (d.open = false))));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors._form).toMatch(/at least one day/);
  });
});

describe('hoursErrorsFromServer', () => {
  it("maps the API's hours.N paths back to the day and interval they came from", () => {
    const form = week((f) => {
      f.days[0]!.open = false;
      f.days[2]!.intervals.push({ opensAt: '23:30', closesAt: '24:00' });
    });
    const sent = hoursInput(form);
    if (!sent.ok) throw new Error('expected valid hours');
    // Sent: Tue, Wed, Wed, Thu…; index 2 is Wednesday's second interval.
    expect(
      hoursErrorsFromServer(
        { 'hours.2.closesAt': ['Times are HH:MM'], hours: ['Two intervals overlap'] },
        sent.hours,
        form,
      ),
    ).toEqual({ '3.1.closesAt': 'Times are HH:MM', _form: 'Two intervals overlap' });
  });
});
