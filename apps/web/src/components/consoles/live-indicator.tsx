// How fresh a console's live view is, in words big enough to read from across a counter. The raw
// state is in data-state for tests; the label is announced when it changes.
import type { TrackingConnection } from '../../lib/tracking-connection';

export type LiveState = Exclude<TrackingConnection, 'done'>;

const LOOK: Record<LiveState, { label: string; hint: string; dot: string; tone: string }> = {
  connecting: {
    label: 'Connecting…',
    hint: 'Starting live updates',
    dot: 'bg-stone-500 animate-pulse',
    tone: 'bg-stone-100 text-stone-800 ring-stone-300',
  },
  live: {
    label: 'Live',
    hint: 'New orders and changes appear by themselves',
    dot: 'bg-emerald-600',
    tone: 'bg-emerald-50 text-emerald-900 ring-emerald-300',
  },
  reconnecting: {
    label: 'Reconnecting…',
    hint: 'Connection lost; catching up as soon as it is back',
    dot: 'bg-amber-500 animate-pulse',
    tone: 'bg-amber-50 text-amber-950 ring-amber-300',
  },
  offline: {
    label: 'Offline',
    hint: 'No connection; the board may be out of date',
    dot: 'bg-red-600',
    tone: 'bg-red-50 text-red-900 ring-red-300',
  },
};

export function LiveIndicator({ state, testId }: { state: LiveState; testId: string }) {
  const look = LOOK[state];
  return (
    <span
      data-testid={testId}
      data-state={state}
      title={look.hint}
      role="status"
      className={`inline-flex min-h-10 items-center gap-2 rounded-full px-4 py-1.5 text-base font-semibold ring-1 ring-inset ${look.tone}`}
    >
      <span aria-hidden="true" className={`h-3 w-3 rounded-full ${look.dot}`} />
      {look.label}
      <span className="sr-only">: {look.hint}</span>
    </span>
  );
}
