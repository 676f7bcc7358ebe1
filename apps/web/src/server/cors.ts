// CORS for the HTTP API: a front end on another origin listed in ALLOWED_ORIGINS may call
// /api/trpc with its visitor's credentials; every other origin gets no CORS headers, so the
// browser keeps the answer from it. The site's own pages are same-origin and need none of this.
import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** What the tRPC client and our API read: content type, tokens, correlation, streaming hints. */
const ALLOWED_HEADERS = 'authorization, content-type, trpc-accept, x-correlation-id';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Adds CORS headers for an allowlisted Origin and answers preflights. Returns true when the
 * request was a preflight and has been answered.
 */
export function handleCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowedOrigins: readonly string[],
): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && allowedOrigins.includes(origin);
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
  }
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'];
  if (!preflight) return false;
  if (!allowed) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('This origin may not call the API.');
    return true;
  }
  res.writeHead(204, {
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
  });
  res.end();
  return true;
}
