'use client';

// A price in server-rendered pages: rendered as a client component so it always goes through the
// currency the providers configured (server components may render before the layout sets it).
import { formatMoney } from '../lib/money';

export function Money({ cents }: { cents: number }) {
  return <>{formatMoney(cents)}</>;
}
