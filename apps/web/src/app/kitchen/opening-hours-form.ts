// The weekly hours editor's rules, apart from React: stored intervals (minutes) become seven days
// of "HH:MM" drafts, and drafts become kitchen.setOpeningHours input or messages pinned to the
// field at fault. The checks are the API's (times, open before close, no overlaps), plus one the
// API can't know: a week with every day closed would be stored as "no hours", i.e. always open.
import type { FieldErrors } from '@tiffin/api';
import type { OpeningHoursInput } from '@tiffin/domain/client-safe';
import { formatClock, parseClock, WEEKDAY_NAMES } from '@tiffin/domain/client-safe';

export const MAX_INTERVALS_PER_DAY = 4;

export interface IntervalDraft {
  opensAt: string;
  closesAt: string;
}

export interface DayDraft {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  open: boolean;
  /** Kept while the day is closed, so reopening it brings its hours back. */
  intervals: IntervalDraft[];
}

export interface HoursForm {
  /** always: no weekly hours, only the open switch decides. weekly: the days below. */
  mode: 'always' | 'weekly';
  days: DayDraft[];
}

/** Field key → message: `<weekday>.<i>.opensAt`, `<weekday>.<i>` (the interval), `_form`. */
export type HoursErrors = Record<string, string>;

export const DEFAULT_INTERVAL: IntervalDraft = { opensAt: '11:00', closesAt: '22:00' };

const WEEKDAYS = WEEKDAY_NAMES.map((_, i) => i + 1);

export function hoursFormFrom(
  hours: readonly { weekday: number; opensAt: number; closesAt: number }[],
): HoursForm {
  const days = WEEKDAYS.map((weekday) => {
    const intervals = hours
      .filter((h) => h.weekday === weekday)
      .sort((a, b) => a.opensAt - b.opensAt)
      .map((h) => ({ opensAt: formatClock(h.opensAt), closesAt: formatClock(h.closesAt) }));
    return intervals.length > 0
      ? { weekday, open: true, intervals }
      : { weekday, open: hours.length === 0, intervals: [{ ...DEFAULT_INTERVAL }] };
  });
  return { mode: hours.length === 0 ? 'always' : 'weekly', days };
}

export type HoursInputResult =
  { ok: true; hours: OpeningHoursInput['hours'] } | { ok: false; errors: HoursErrors };

/** The input for kitchen.setOpeningHours, or what is wrong, field by field. */
export function hoursInput(form: HoursForm): HoursInputResult {
  if (form.mode === 'always') return { ok: true, hours: [] };
  const errors: HoursErrors = {};
  const hours: OpeningHoursInput['hours'] = [];
  for (const day of form.days) {
    if (!day.open) continue;
    const parsed: { index: number; opens: number; closes: number }[] = [];
    day.intervals.forEach((interval, index) => {
      const key = `${day.weekday}.${index}`;
      const opens = parseClock(interval.opensAt);
      const closes = parseClock(interval.closesAt);
      if (opens === null) errors[`${key}.opensAt`] = 'Use HH:MM, e.g. 11:30';
      if (closes === null) errors[`${key}.closesAt`] = 'Use HH:MM, e.g. 23:00 (24:00 is midnight)';
      if (opens === null || closes === null) return;
      if (opens >= closes) {
        errors[key] = 'Opening time must come before closing time (use 24:00 for midnight)';
        return;
      }
      parsed.push({ index, opens, closes });
      hours.push({
        weekday: day.weekday,
        opensAt: interval.opensAt.trim(),
        closesAt: interval.closesAt.trim(),
      });
    });
    const sorted = [...parsed].sort((a, b) => a.opens - b.opens);
    sorted.forEach((interval, i) => {
      const before = sorted[i - 1];
      if (before && interval.opens < before.closes) {
        errors[`${day.weekday}.${interval.index}`] = 'Overlaps another interval on this day';
      }
    });
  }
  if (form.days.every((day) => !day.open)) {
    errors._form =
      'Open at least one day, or choose “No fixed hours” to take orders whenever the switch is on.';
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, hours };
}

/**
 * The server's fieldErrors ("hours.3.opensAt") pinned to the same fields as the form's own
 * checks; `sent` is the hours as sent, in order.
 */
export function hoursErrorsFromServer(
  fieldErrors: FieldErrors,
  sent: readonly { weekday: number }[],
  form: HoursForm,
): HoursErrors {
  const errors: HoursErrors = {};
  // Where each sent interval sits in the form: its weekday and its index among that day's.
  const seen = new Map<number, number>();
  const positions = sent.map((h) => {
    const index = seen.get(h.weekday) ?? 0;
    seen.set(h.weekday, index + 1);
    const day = form.days.find((d) => d.weekday === h.weekday);
    // Closed days' drafts were not sent, and open days send every draft: the counts line up.
    return day ? `${h.weekday}.${index}` : null;
  });
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const message = messages[0];
    if (!message) continue;
    const match = /^hours\.(\d+)(?:\.(opensAt|closesAt|weekday))?$/.exec(path);
    const position = match ? positions[Number(match[1])] : null;
    if (match && position) {
      const field = match[2] === 'opensAt' || match[2] === 'closesAt' ? `.${match[2]}` : '';
      errors[`${position}${field}`] = message;
    } else {
      errors._form = message;
    }
  }
  return errors;
}
