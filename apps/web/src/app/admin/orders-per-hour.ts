// The numbers behind the orders-per-hour chart, apart from drawing: every hour of the day so
// far (hours without orders included, as zero), a y axis with round steps, and the sentence a
// screen reader hears instead of the bars.

const HOUR_MS = 3_600_000;
/** Two days of bars at most, whatever the input says. */
const MAX_BARS = 48;

export interface HourBar {
  start: Date;
  orders: number;
}

/**
 * One bar per hour from the hour `since` falls in to the hour `until` falls in (and on to the
 * last hour with orders, should the server's clock be ahead), zeros included.
 */
export function hourlySeries(
  since: Date,
  until: Date,
  rows: readonly { hour: Date; orders: number }[],
): HourBar[] {
  const counts = new Map<number, number>();
  for (const row of rows) {
    const key = row.hour.getTime() - (row.hour.getTime() % HOUR_MS);
    counts.set(key, (counts.get(key) ?? 0) + row.orders);
  }
  const first = since.getTime() - (since.getTime() % HOUR_MS);
  const lastRow = Math.max(first, ...counts.keys());
  const last = Math.max(until.getTime() - (until.getTime() % HOUR_MS), lastRow);
  const bars: HourBar[] = [];
  for (let t = first; t <= last && bars.length < MAX_BARS; t += HOUR_MS) {
    bars.push({ start: new Date(t), orders: counts.get(t) ?? 0 });
  }
  return bars;
}

export interface Scale {
  /** The axis top: a whole number of steps, at least the largest value. */
  top: number;
  step: number;
  ticks: number[];
}

/** A y axis for counts: steps of 1, 2 or 5 × 10ⁿ (never below 1), about `ticks` of them. */
export function niceScale(max: number, ticks = 4): Scale {
  const raw = Math.max(max, 0) / ticks;
  const magnitude = raw > 0 ? 10 ** Math.floor(Math.log10(raw)) : 1;
  const multiple = [1, 2, 5, 10].find((m) => m * magnitude * ticks >= max) ?? 10;
  const step = Math.max(1, multiple * magnitude);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const marks: number[] = [];
  for (let v = 0; v <= top; v += step) marks.push(v);
  return { top, step, ticks: marks };
}

/** "40 orders in 14 hours; the busiest hour was 13:00, with 12." */
export function seriesSummary(bars: readonly HourBar[], label: (start: Date) => string): string {
  const total = bars.reduce((sum, bar) => sum + bar.orders, 0);
  const hours = `${bars.length} ${bars.length === 1 ? 'hour' : 'hours'}`;
  if (total === 0) return `No orders yet in ${hours}.`;
  const peak = bars.reduce((best, bar) => (bar.orders > best.orders ? bar : best));
  const orders = `${total} ${total === 1 ? 'order' : 'orders'}`;
  return `${orders} in ${hours}; the busiest hour was ${label(peak.start)}, with ${peak.orders}.`;
}
