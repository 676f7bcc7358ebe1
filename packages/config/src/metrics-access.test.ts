// The one rule for /api/metrics, case by case.
import { describe, expect, it } from 'vitest';

import { metricsAccess, metricsRefusal } from './metrics-access';

const TOKEN = 'a-metrics-token-0123456789';

describe('metricsAccess', () => {
  it('with a token configured, only that bearer token is allowed, in any mode', () => {
    for (const production of [true, false]) {
      const settings = { token: TOKEN, production };
      expect(metricsAccess(`Bearer ${TOKEN}`, settings)).toBe('allowed');
      expect(metricsAccess(undefined, settings)).toBe('unauthorized');
      expect(metricsAccess(TOKEN, settings)).toBe('unauthorized');
      expect(metricsAccess(`Bearer ${TOKEN}x`, settings)).toBe('unauthorized');
    }
  });

  it('without a token: open outside production, not served in it', () => {
    expect(metricsAccess(undefined, { token: undefined, production: false })).toBe('allowed');
    expect(metricsAccess(undefined, { token: undefined, production: true })).toBe('not_served');
    expect(metricsAccess('Bearer anything', { token: undefined, production: true })).toBe(
      'not_served',
    );
  });

  it('a refusal is 401 asking for the token, or a plain 404', () => {
    expect(metricsRefusal('unauthorized')).toEqual({
      status: 401,
      message: 'metrics need a bearer token',
    });
    expect(metricsRefusal('not_served')).toEqual({ status: 404, message: 'not found' });
  });
});
