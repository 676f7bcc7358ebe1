import { describe, expect, it } from 'vitest';

import { devToolsAccess } from './dev-tools-access';

describe('dev tools access', () => {
  it('is open to anyone, signed in or not, in development and test', () => {
    for (const environment of ['development', 'test']) {
      expect(devToolsAccess(null, environment)).toBe('allowed');
      expect(devToolsAccess({ role: 'CUSTOMER' }, environment)).toBe('allowed');
    }
  });

  it('in production only admins get in: anonymous must sign in, other roles are refused', () => {
    expect(devToolsAccess({ role: 'ADMIN' }, 'production')).toBe('allowed');
    expect(devToolsAccess(null, 'production')).toBe('sign_in');
    for (const role of ['CUSTOMER', 'RESTAURANT_STAFF', 'COURIER']) {
      expect(devToolsAccess({ role }, 'production')).toBe('forbidden');
    }
  });

  it('an unknown or missing environment counts as production', () => {
    expect(devToolsAccess({ role: 'CUSTOMER' }, undefined)).toBe('forbidden');
    expect(devToolsAccess(null, 'staging')).toBe('sign_in');
  });
});
