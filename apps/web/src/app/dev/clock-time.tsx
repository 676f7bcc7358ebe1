'use client';

// Local time needs the browser's zone, so the hydration pass shows UTC and later mounts local.
import { useHydrated } from '../../hooks/use-hydrated';

const LOCAL: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', second: '2-digit' };
const UTC: Intl.DateTimeFormatOptions = { ...LOCAL, hour12: false, timeZone: 'UTC' };

export function ClockTime({ value, className }: { value: string; className?: string }) {
  const hydrated = useHydrated();
  const date = new Date(value);
  const text = hydrated
    ? date.toLocaleTimeString(undefined, LOCAL)
    : `${date.toLocaleTimeString('en-GB', UTC)} UTC`;
  return (
    <time dateTime={value} title={value} className={`tabular-nums ${className ?? ''}`}>
      {text}
    </time>
  );
}
