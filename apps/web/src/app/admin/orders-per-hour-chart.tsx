'use client';

// Orders per hour today as a bar chart drawn in inline SVG (no chart library, nothing fetched):
// the picture is one labelled image for screen readers, with the same numbers as a table below.
import type { HourBar } from './orders-per-hour';
import { niceScale, seriesSummary } from './orders-per-hour';

const WIDTH = 900;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 36 };

const HOUR_LABEL: Intl.DateTimeFormatOptions = {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

export function hourLabel(start: Date, timeZone: string): string {
  return start.toLocaleTimeString('en-GB', { ...HOUR_LABEL, timeZone });
}

export function OrdersPerHourChart({ bars, timeZone }: { bars: HourBar[]; timeZone: string }) {
  const label = (start: Date) => hourLabel(start, timeZone);
  const scale = niceScale(Math.max(0, ...bars.map((b) => b.orders)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = plotWidth / Math.max(1, bars.length);
  const barWidth = Math.max(2, band * 0.7);
  const y = (value: number) => MARGIN.top + plotHeight - (value / scale.top) * plotHeight;
  // Few enough x labels that they never touch: about eight across.
  const labelEvery = Math.max(1, Math.ceil(bars.length / 8));
  const summary = seriesSummary(bars, label);

  return (
    <figure className="space-y-3" data-testid="orders-per-hour">
      {/* Never narrower than readable: on a phone the chart scrolls sideways instead. */}
      <div
        role="region"
        aria-label="Orders per hour chart (scrolls sideways on small screens)"
        tabIndex={0}
        className="overflow-x-auto rounded-lg focus-visible:outline-2 focus-visible:outline-brand-700"
      >
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby="orders-chart-title orders-chart-desc"
          className="h-auto w-full min-w-[640px]"
          data-testid="orders-per-hour-chart"
          data-bars={bars.length}
        >
          <title id="orders-chart-title">Orders per hour today</title>
          <desc id="orders-chart-desc">{summary}</desc>
          {scale.ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={MARGIN.left}
                x2={WIDTH - MARGIN.right}
                y1={y(tick)}
                y2={y(tick)}
                className="stroke-stone-200"
                strokeWidth={1}
              />
              <text
                x={MARGIN.left - 6}
                y={y(tick)}
                textAnchor="end"
                dominantBaseline="middle"
                className="fill-stone-700 text-[12px]"
              >
                {tick}
              </text>
            </g>
          ))}
          {bars.map((bar, i) => {
            const x = MARGIN.left + i * band + (band - barWidth) / 2;
            const top = y(bar.orders);
            return (
              <g key={bar.start.getTime()}>
                {bar.orders > 0 && (
                  <rect
                    x={x}
                    y={top}
                    width={barWidth}
                    height={MARGIN.top + plotHeight - top}
                    rx={2}
                    className="fill-brand-700"
                  />
                )}
                {i % labelEvery === 0 && (
                  <text
                    x={x + barWidth / 2}
                    y={HEIGHT - 8}
                    textAnchor="middle"
                    className="fill-stone-700 text-[12px]"
                  >
                    {label(bar.start)}
                  </text>
                )}
              </g>
            );
          })}
          <line
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={MARGIN.top + plotHeight}
            y2={MARGIN.top + plotHeight}
            className="stroke-stone-500"
            strokeWidth={1}
          />
        </svg>
      </div>
      <figcaption className="text-sm text-stone-700">
        {summary} Hours in {timeZone}.
      </figcaption>
      <details className="text-sm">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold text-stone-800">
          Show the numbers as a table
        </summary>
        <table className="mt-2 w-full max-w-xs text-left" data-testid="orders-per-hour-table">
          <caption className="sr-only">Orders per hour today</caption>
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-1 font-semibold">
                Hour starting
              </th>
              <th scope="col" className="py-1 text-right font-semibold">
                Orders
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.start.getTime()} className="border-b border-stone-100">
                <th scope="row" className="py-1 font-normal tabular-nums">
                  {label(bar.start)}
                </th>
                <td className="py-1 text-right tabular-nums">{bar.orders}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
