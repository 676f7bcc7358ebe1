import { describe, expect, it } from 'vitest';

import { commonHeaders, pagePolicy } from './security-headers';

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
});
