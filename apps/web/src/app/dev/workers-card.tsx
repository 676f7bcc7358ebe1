// Each worker's simulator settings, so "why is my order so slow?" has an answer on screen.
import type { RouterOutputs } from '@tiffin/api';

import { ConsoleSection } from '../../components/consoles/console-section';
import { Badge } from '../../components/ui/badge';
import { Code } from '../../components/ui/code';
import { ClockTime } from './clock-time';

type Worker = RouterOutputs['dev']['overview']['workers'][number];
type Setting = Worker['simulator']['settings'][string];

const LABELS: Record<string, string> = {
  speed: 'Speed',
  timerLeaseMs: 'Timer lease',
  confirm: 'Confirm',
  prepare: 'Prepare',
  pickup: 'Pickup',
  transit: 'Transit',
};

// Speed first, then the steps in the order an order goes through them; unknown keys last.
const ORDER = Object.keys(LABELS);
const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

/** "375 ms", "1.5 s", "12 s": short enough for a two-column list on a phone. */
function formatMs(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  return `${(ms / 1_000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
}

function formatSetting(key: string, value: Setting, speed: number): string {
  if (typeof value === 'object') {
    const configured = `${formatMs(value.baseMs)} ± ${formatMs(value.jitterMs)}`;
    if (speed === 1) return configured;
    // The simulator divides every delay by the speed factor; show what actually happens.
    const base = Math.round(value.baseMs / speed);
    const jitter = Math.round(value.jitterMs / speed);
    return `${configured} → ${formatMs(base)} ± ${formatMs(jitter)}`;
  }
  if (typeof value === 'number') {
    if (key === 'speed') return `×${value}`;
    if (key.endsWith('Ms')) return formatMs(value);
  }
  return String(value);
}

function Settings({ worker }: { worker: Worker }) {
  const { settings } = worker.simulator;
  const speed = typeof settings.speed === 'number' && settings.speed > 0 ? settings.speed : 1;
  const entries = Object.entries(settings).sort(
    ([a], [b]) => rank(a) - rank(b) || a.localeCompare(b),
  );
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2 xl:grid-cols-3">
      {entries.map(([key, value]) => (
        <div
          key={key}
          className="flex min-w-0 justify-between gap-3 border-b border-stone-100 py-1"
        >
          <dt className="text-stone-600">{LABELS[key] ?? key}</dt>
          <dd className="text-right font-medium tabular-nums">
            {formatSetting(key, value, speed)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function WorkersCard({ workers }: { workers: Worker[] }) {
  return (
    <ConsoleSection
      id="dev-workers-title"
      title="Workers & simulator"
      description="Each running worker and the simulator settings in force there."
      testId="dev-workers"
      aside={
        <Badge tone={workers.length > 0 ? 'success' : 'warning'} dot>
          {workers.length} {workers.length === 1 ? 'worker' : 'workers'}
        </Badge>
      }
    >
      {workers.length === 0 ? (
        <div className="rounded-xl border border-dashed border-stone-300 p-6 text-center">
          <p className="font-semibold">No worker is running</p>
          <p className="mt-1 text-sm text-stone-600">
            Nothing moves orders along or relays events until one starts: <Code>npm start</Code>{' '}
            runs the whole stack, <Code>npm run dev -w @tiffin/worker</Code> just the worker.
          </p>
        </div>
      ) : (
        <ul className="grid gap-3">
          {workers.map((worker) => (
            <li
              key={worker.id}
              className="rounded-xl border border-stone-200 p-4"
              data-testid={`dev-worker-${worker.id}`}
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="min-w-0 font-semibold break-all">
                  {worker.host} <span className="font-normal text-stone-600">pid {worker.pid}</span>
                </p>
                <Badge tone={worker.simulator.enabled ? 'brand' : 'neutral'} dot>
                  {worker.simulator.enabled ? 'Simulator on' : 'Simulator off'}
                </Badge>
              </div>
              <p className="mt-1 text-sm text-stone-600">
                Started <ClockTime value={worker.startedAt} /> · last seen{' '}
                <ClockTime value={worker.lastSeenAt} />
              </p>
              <div className="mt-3 space-y-2">
                {!worker.simulator.enabled && (
                  <p className="text-sm text-stone-600">
                    <Code>SIM_ENABLED=false</Code>: staff and couriers move orders themselves. The
                    configured values, not in use:
                  </p>
                )}
                <Settings worker={worker} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </ConsoleSection>
  );
}
