// Whether an error means "the database cannot be reached right now" rather than "this query is
// wrong": the API answers the first kind with SERVICE_UNAVAILABLE and a plain "try again".

/** Prisma's codes for an unreachable, closed, timed-out or exhausted connection. */
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Node's socket errors on the way to PostgreSQL. */
const SOCKET_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);
/** PostgreSQL's connection-exception class (08…) and "shutting down / starting up" (57P0…). */
const POSTGRES_UNAVAILABLE = /^(08\d{3}|57P0[1-3])$/;
const UNAVAILABLE_MESSAGES =
  /Can't reach database server|Connection terminated|terminating connection|the database system is (starting up|shutting down)/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // Drivers wrap the socket's error in theirs; the cause chain is short, and a cycle stops it.
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (PRISMA_UNAVAILABLE.has(code) || SOCKET_UNAVAILABLE.has(code)) return true;
      if (POSTGRES_UNAVAILABLE.test(code)) return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
