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
  /** Card payments go through Stripe: the pay page loads Stripe.js and its Payment Element. */
  stripe?: boolean | undefined;
}

/**
 * What Stripe's integration guide lists for Stripe.js and the Payment Element: the script and
 * its frames (card fields, 3D Secure) from js.stripe.com, 3D Secure's hooks.stripe.com, and API
 * calls to api.stripe.com. Site-wide, not just on /pay: checkout reaches the pay page by a
 * client-side navigation, which keeps the policy of the page it started on.
 */
export const STRIPE_SOURCES = {
  script: ['https://js.stripe.com', 'https://*.js.stripe.com'],
  frame: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  connect: ['https://api.stripe.com'],
} as const;

function sources(base: string, extra: readonly string[] | false | undefined): string {
  return extra ? [base, ...extra].join(' ') : base;
}

/** The policy for pages; `nonce` is this response's. */
export function pagePolicy(nonce: string, opts: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts our nonce'd scripts load (Next's chunks) may run; nothing else.
    // Stripe's hosts are for browsers without 'strict-dynamic' (which ignore the nonce's reach).
    sources(
      `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
      opts.stripe && STRIPE_SOURCES.script,
    ),
    // React writes style attributes (map markers, progress bars); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${opts.tileOrigin ? ` ${opts.tileOrigin}` : ''}`,
    "font-src 'self' data:",
    // 'self' covers the same host's ws:// and wss:// (live updates, and Next's HMR in development).
    sources("connect-src 'self'", opts.stripe && STRIPE_SOURCES.connect),
    ...(opts.stripe ? [sources("frame-src 'self'", STRIPE_SOURCES.frame)] : []),
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
    // The courier app reports its position; nothing uses the camera or microphone, and only
    // Stripe's frames may use the Payment Request API (wallets in the Payment Element).
    'permissions-policy': `geolocation=(self), camera=(), microphone=(), payment=${opts.stripe ? '(self "https://js.stripe.com")' : '()'}, usb=()`,
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
