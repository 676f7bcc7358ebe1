// How long ago something happened, in the few words a busy kitchen reads at a glance.

/** "just now", "4 min", "1 h 05 min", "2 days". */
export function formatElapsed(fromMs: number, nowMs: number): string {
  const minutes = Math.floor(Math.max(0, nowMs - fromMs) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** "just now", "4 min ago". */
export function formatAgo(fromMs: number, nowMs: number): string {
  const elapsed = formatElapsed(fromMs, nowMs);
  return elapsed === 'just now' ? elapsed : `${elapsed} ago`;
}

/** "4 min left", "under a minute left", "time is up": what remains until `dueMs`. */
export function formatLeft(dueMs: number, nowMs: number): string {
  const left = dueMs - nowMs;
  if (left <= 0) return 'time is up';
  const minutes = Math.floor(left / 60_000);
  return minutes < 1 ? 'under a minute left' : `${minutes} min left`;
}

/** The first eight characters of an order id, as the kitchen and the admin call an order. */
export function shortOrderId(orderId: string): string {
  return orderId.slice(0, 8).toUpperCase();
}
