'use client';

// A clock time ("7:42 PM") in the reader's own time zone, for steps within one day. As with
// LocalTime, the server render and hydration show UTC and the browser swaps in local time.
import { useHydrated } from '../hooks/use-hydrated';

const OPTIONS: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

export function TimeOfDay({ value, className }: { value: Date; className?: string }) {
  const hydrated = useHydrated();
  const text = hydrated
    ? value.toLocaleTimeString(undefined, OPTIONS)
    : value.toLocaleTimeString('en-US', { ...OPTIONS, timeZone: 'UTC', timeZoneName: 'short' });
  return (
    <time dateTime={value.toISOString()} className={className}>
      {text}
    </time>
  );
}
