// How fresh a live view is: a coloured dot and a word. The raw state is in data-state for tests.
import type { TrackingConnection } from '../lib/tracking-connection';

const LOOK: Record<TrackingConnection, { label: string; dot: string; text: string }> = {
  connecting: { label: 'Connecting…', dot: 'bg-stone-400 animate-pulse', text: 'text-stone-600' },
  live: { label: 'Live', dot: 'bg-emerald-500', text: 'text-emerald-800' },
  reconnecting: {
    label: 'Reconnecting…',
    dot: 'bg-amber-500 animate-pulse',
    text: 'text-amber-800',
  },
  offline: { label: 'Offline', dot: 'bg-red-500', text: 'text-red-800' },
  done: { label: 'Up to date', dot: 'bg-stone-400', text: 'text-stone-600' },
};

const HINT: Record<TrackingConnection, string> = {
  connecting: 'Connecting to live updates',
  live: 'Updates appear as they happen',
  reconnecting: 'Connection lost; catching up as soon as it is back',
  offline: 'No connection; updates resume when you are back online',
  done: 'This order is complete; nothing further will change',
};

export function ConnectionIndicator({ connection }: { connection: TrackingConnection }) {
  const look = LOOK[connection];
  return (
    <span
      data-testid="connection"
      data-state={connection}
      title={HINT[connection]}
      className={`inline-flex items-center gap-1.5 rounded-full bg-white px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ring-stone-200 ${look.text}`}
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${look.dot}`} />
      {look.label}
      <span className="sr-only">: {HINT[connection]}</span>
    </span>
  );
}
