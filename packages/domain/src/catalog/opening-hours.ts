// Weekly opening hours: whether a restaurant takes orders at a given moment in its own time zone,
// and when it next opens. Pure, so the menu page, checkout and the kitchen console agree.
import { z } from 'zod';

import { safeText } from '../input/safe-text';

/** One open interval on one weekday (ISO: 1 = Monday … 7 = Sunday), minutes after local midnight. */
export interface OpeningInterval {
  weekday: number;
  opensAt: number;
  closesAt: number;
}

export const MINUTES_PER_DAY = 1440;
export const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

/** "HH:MM" (24 h; "24:00" closes at midnight) ↔ minutes after midnight. */
export function parseClock(clock: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= MINUTES_PER_DAY ? minutes : null;
}

export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

const clockSchema = safeText().refine((v) => parseClock(v) !== null, {
  error: 'Times are HH:MM, from 00:00 to 24:00',
});

export const openingHoursInputSchema = z.object({
  hours: z
    .array(
      z
        .object({
          weekday: z.int().min(1, { error: 'Weekdays are 1 (Monday) to 7 (Sunday)' }).max(7, {
            error: 'Weekdays are 1 (Monday) to 7 (Sunday)',
          }),
          opensAt: clockSchema,
          closesAt: clockSchema,
        })
        .refine((h) => (parseClock(h.opensAt) ?? 0) < (parseClock(h.closesAt) ?? 0), {
          error: 'A restaurant must open before it closes (use 24:00 for midnight)',
        }),
    )
    .max(28, { error: 'At most four intervals a day' })
    .refine((hours) => !overlaps(hours.map(toInterval)), {
      error: 'Two intervals on the same day overlap',
    }),
});

export type OpeningHoursInput = z.infer<typeof openingHoursInputSchema>;

export function toInterval(h: {
  weekday: number;
  opensAt: string;
  closesAt: string;
}): OpeningInterval {
  return {
    weekday: h.weekday,
    opensAt: parseClock(h.opensAt) ?? 0,
    closesAt: parseClock(h.closesAt) ?? 0,
  };
}

function overlaps(intervals: readonly OpeningInterval[]): boolean {
  const sorted = [...intervals].sort((a, b) => a.weekday - b.weekday || a.opensAt - b.opensAt);
  return sorted.some((h, i) => {
    const next = sorted[i + 1];
    return next !== undefined && next.weekday === h.weekday && next.opensAt < h.closesAt;
  });
}

/** Building an Intl.DateTimeFormat costs far more than using one, and checkout asks per order. */
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function clockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clockFormats.set(timeZone, format);
  }
  return format;
}

/** The ISO weekday and minute of the day of `at` on the clocks of `timeZone`. */
export function localTime(at: Date, timeZone: string): { weekday: number; minute: number } {
  const parts = clockFormat(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { weekday, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** No intervals means no hours are kept: only the restaurant's switch decides. */
export function isWithinHours(
  intervals: readonly OpeningInterval[],
  timeZone: string,
  at: Date,
): boolean {
  if (intervals.length === 0) return true;
  const { weekday, minute } = localTime(at, timeZone);
  return intervals.some((h) => h.weekday === weekday && minute >= h.opensAt && minute < h.closesAt);
}

export interface NextOpening {
  /** 0 = today, 1 = tomorrow … */
  inDays: number;
  weekday: number;
  opensAt: number;
}

/** When the restaurant next opens after `at` (null when it keeps no open hours at all). */
export function nextOpening(
  intervals: readonly OpeningInterval[],
  timeZone: string,
  at: Date,
): NextOpening | null {
  if (intervals.length === 0) return null;
  const now = localTime(at, timeZone);
  for (let inDays = 0; inDays <= 7; inDays++) {
    const weekday = ((now.weekday - 1 + inDays) % 7) + 1;
    const candidates = intervals
      .filter((h) => h.weekday === weekday && (inDays > 0 || h.opensAt > now.minute))
      .sort((a, b) => a.opensAt - b.opensAt);
    const first = candidates[0];
    if (first) return { inDays, weekday, opensAt: first.opensAt };
  }
  return null;
}

/** "opens at 17:00", "opens tomorrow at 11:30", "opens Monday at 12:00". */
export function describeNextOpening(next: NextOpening | null): string {
  if (!next) return 'is closed until further notice';
  const clock = formatClock(next.opensAt);
  if (next.inDays === 0) return `opens at ${clock}`;
  if (next.inDays === 1) return `opens tomorrow at ${clock}`;
  return `opens ${WEEKDAY_NAMES[next.weekday - 1]} at ${clock}`;
}

/** Whether a restaurant takes orders now: its switch is on and it is within its hours. */
export function availability(
  restaurant: { isOpen: boolean; timeZone: string; hours: readonly OpeningInterval[] },
  at: Date,
): {
  open: boolean;
  reason: 'switched_off' | 'outside_hours' | null;
  opensNext: NextOpening | null;
} {
  if (!restaurant.isOpen) return { open: false, reason: 'switched_off', opensNext: null };
  if (isWithinHours(restaurant.hours, restaurant.timeZone, at)) {
    return { open: true, reason: null, opensNext: null };
  }
  return {
    open: false,
    reason: 'outside_hours',
    opensNext: nextOpening(restaurant.hours, restaurant.timeZone, at),
  };
}
