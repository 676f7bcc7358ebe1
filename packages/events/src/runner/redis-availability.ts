// Whether an error means "Redis cannot be reached right now" (ioredis gave up on the command, or
// the connection is closed) rather than "this command is wrong": callers answer "try again".
// Messages are matched, not class names: bundlers minify those.

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);
const UNAVAILABLE_MESSAGES =
  /^(Reached the max retries per request limit|Connection is closed\.|Stream isn't writeable and enableOfflineQueue options is false|Command timed out)/;

export function isRedisUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // Callers may wrap ioredis' error in their own; the cause chain is short, and a cycle stops it.
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
