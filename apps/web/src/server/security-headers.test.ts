import type { IncomingMessage, ServerResponse } from 'node:http';

import { describe, expect, it } from 'vitest';

import {
  applySecurityHeaders,
  commonHeaders,
  NON_PAGE_POLICY,
  pagePolicy,
} from './security-headers';

describe('security headers', () => {
  const production = { dev: false, https: false };

  it('pages: only scripts with the nonce run; no framing, plugins or foreign forms', () => {
    const policy = pagePolicy('abc123', production);
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("form-action 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it("development allows eval for Next's fast refresh, and nothing else changes", () => {
    expect(pagePolicy('n', { dev: true, https: false })).toContain(
      "script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'",
    );
  });

  it('an opt-in tile server may serve images', () => {
    expect(pagePolicy('n', { ...production, tileOrigin: 'https://tiles.example' })).toContain(
      "img-src 'self' data: blob: https://tiles.example",
    );
  });

  it('over https: HSTS and upgrade-insecure-requests; over http neither', () => {
    expect(commonHeaders({ dev: false, https: true })['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect(pagePolicy('n', { dev: false, https: true })).toContain('upgrade-insecure-requests');
    expect(commonHeaders(production)).not.toHaveProperty('strict-transport-security');
  });

  it('every response: nosniff, referrer policy, geolocation for our own pages only', () => {
    expect(commonHeaders(production)).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-frame-options': 'DENY',
    });
    expect(commonHeaders(production)['permissions-policy']).toMatch(/^geolocation=\(self\), /);
  });

  it('without Stripe: no Stripe origin anywhere, no frames, and no one may use the payment API', () => {
    const policy = pagePolicy('n', production);
    expect(policy).not.toContain('stripe');
    expect(policy).not.toContain('frame-src');
    expect(policy).toContain("connect-src 'self';");
    expect(commonHeaders(production)['permissions-policy']).toContain('payment=()');
  });

  it("with Stripe: Stripe.js, its frames and its API, as Stripe's guide lists them, and nothing more", () => {
    const withStripe = { ...production, stripe: true };
    const directives = new Map(
      pagePolicy('n', withStripe)
        .split('; ')
        .map((d) => [d.split(' ')[0]!, d]),
    );
    expect(directives.get('script-src')).toBe(
      "script-src 'self' 'nonce-n' 'strict-dynamic' https://js.stripe.com https://*.js.stripe.com",
    );
    expect(directives.get('frame-src')).toBe(
      "frame-src 'self' https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com",
    );
    expect(directives.get('connect-src')).toBe("connect-src 'self' https://api.stripe.com");
    // Everything else is the same policy as without Stripe.
    const rest = (policy: string) =>
      policy
        .split('; ')
        .filter((d) => !/^(script|frame|connect)-src/.test(d))
        .join('; ');
    expect(rest(pagePolicy('n', withStripe))).toBe(rest(pagePolicy('n', production)));
    expect(commonHeaders(withStripe)['permissions-policy']).toContain(
      'payment=(self "https://js.stripe.com")',
    );
  });

  it('with Stripe, the API still gets the policy that allows nothing; pages get Stripe', () => {
    const sent = (page: boolean) => {
      const headers: Record<string, string> = {};
      const req = { headers: {} } as IncomingMessage;
      const res = {
        setHeader: (name: string, value: string) => (headers[name] = value),
      } as unknown as ServerResponse;
      applySecurityHeaders(req, res, { ...production, stripe: true, page });
      return headers['content-security-policy'];
    };
    expect(sent(false)).toBe(NON_PAGE_POLICY);
    expect(sent(true)).toContain('https://js.stripe.com');
  });
});
