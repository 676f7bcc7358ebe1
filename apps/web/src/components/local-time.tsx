'use client';

// A timestamp in the reader's own time zone. The server doesn't know it, so the first render
// shows UTC and the browser swaps in local time after hydration.
import { useEffect, useState } from 'react';

const OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
};

export function LocalTime({ value, className }: { value: Date | string; className?: string }) {
  const iso = typeof value === 'string' ? value : value.toISOString();
  const [text, setText] = useState(() =>
    new Date(iso).toLocaleString('en-US', { ...OPTIONS, timeZone: 'UTC', timeZoneName: 'short' }),
  );
  useEffect(() => {
    setText(new Date(iso).toLocaleString(undefined, OPTIONS));
  }, [iso]);
  return (
    <time dateTime={iso} className={className}>
      {text}
    </time>
  );
}
