// The caller's address, for per-address limits. The socket's address, unless TRUST_PROXY says
// how many reverse proxies stand in front (each appends the address it saw to X-Forwarded-For):
// then the entry the nearest trusted proxy appended. Anything a client writes itself is ignored.
import type { IncomingMessage } from 'node:http';

/** The client address seen through `trustedProxies` proxies (0: the socket's own). */
export function clientAddressOf(req: IncomingMessage, trustedProxies: number): string | null {
  const socketAddress = req.socket.remoteAddress ?? null;
  if (trustedProxies === 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop.length > 0);
  // The last `trustedProxies` entries were written by our proxies; the one before the first of
  // them is the client as our outermost proxy saw it.
  return hops[hops.length - trustedProxies] ?? socketAddress;
}

/**
 * Overwrites X-Forwarded-For with the one address worked out above, before Next reads the request:
 * Next's route handlers see no socket, only headers, and must not believe what a client wrote.
 */
export function settleForwardedFor(req: IncomingMessage, trustedProxies: number): void {
  const address = clientAddressOf(req, trustedProxies);
  if (address) req.headers['x-forwarded-for'] = address;
  else delete req.headers['x-forwarded-for'];
}

/** In a route handler, after settleForwardedFor: the caller's address. */
export function clientAddressFromHeaders(headers: Headers): string | null {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
}
