'use client';

// A timestamp in the reader's own time zone. The server doesn't know it, so the server render
// and hydration show UTC and the browser swaps in local time right after.
import { useHydrated } from '../hooks/use-hydrated';

const OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
};

export function LocalTime({ value, className }: { value: Date | string; className?: string }) {
  const hydrated = useHydrated();
  const iso = typeof value === 'string' ? value : value.toISOString();
  const date = new Date(iso);
  const text = hydrated
    ? date.toLocaleString(undefined, OPTIONS)
    : date.toLocaleString('en-US', { ...OPTIONS, timeZone: 'UTC', timeZoneName: 'short' });
  return (
    <time dateTime={iso} className={className}>
      {text}
    </time>
  );
}
