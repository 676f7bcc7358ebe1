// The security headers on every response. Pages get a Content-Security-Policy with a fresh nonce
// per request: Next reads the nonce from the request's own CSP header and stamps it on every
// script it emits, so only our scripts run. The API and other non-page responses get a policy
// that allows nothing at all, since nothing there is meant to be rendered.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

export interface SecurityHeaderOptions {
  /** Development: Next's fast refresh evaluates code, so `unsafe-eval` is allowed there only. */
  dev: boolean;
  /** Serve HSTS and upgrade-insecure-requests: the site is reached over https. */
  https: boolean;
  /** Origin of an opt-in map tile server, which the maps load images from. */
  tileOrigin?: string | undefined;
}

/** The policy for pages; `nonce` is this response's. */
export function pagePolicy(nonce: string, opts: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts our nonce'd scripts load (Next's chunks) may run; nothing else.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    // React writes style attributes (map markers, progress bars); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${opts.tileOrigin ? ` ${opts.tileOrigin}` : ''}`,
    "font-src 'self' data:",
    // 'self' covers the same host's ws:// and wss:// (live updates, and Next's HMR in development).
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** The policy for everything that is not a page: JSON, health, metrics. */
export const NON_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The headers every response carries, whatever it is. */
export function commonHeaders(opts: SecurityHeaderOptions): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // The courier app reports its position; nothing here uses the camera, microphone or payment APIs.
    'permissions-policy': 'geolocation=(self), camera=(), microphone=(), payment=(), usb=()',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    ...(opts.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * Sets the headers on `res`. For a page request it also writes the policy into the request's
 * headers, where Next looks for the nonce, and returns the nonce.
 */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  opts: SecurityHeaderOptions & { page: boolean },
): string | null {
  for (const [name, value] of Object.entries(commonHeaders(opts))) res.setHeader(name, value);
  if (!opts.page) {
    res.setHeader('content-security-policy', NON_PAGE_POLICY);
    return null;
  }
  const nonce = randomBytes(16).toString('base64');
  const policy = pagePolicy(nonce, opts);
  req.headers['content-security-policy'] = policy;
  res.setHeader('content-security-policy', policy);
  return nonce;
}
