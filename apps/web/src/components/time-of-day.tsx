'use client';

// A clock time ("7:42 PM") in the reader's own time zone, for steps within one day. As with
// LocalTime, the server renders UTC and the browser swaps in local time after hydration.
import { useEffect, useState } from 'react';

const OPTIONS: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

export function TimeOfDay({ value, className }: { value: Date; className?: string }) {
  const iso = value.toISOString();
  const [text, setText] = useState(() =>
    new Date(iso).toLocaleTimeString('en-US', {
      ...OPTIONS,
      timeZone: 'UTC',
      timeZoneName: 'short',
    }),
  );
  useEffect(() => {
    setText(new Date(iso).toLocaleTimeString(undefined, OPTIONS));
  }, [iso]);
  return (
    <time dateTime={iso} className={className}>
      {text}
    </time>
  );
}
