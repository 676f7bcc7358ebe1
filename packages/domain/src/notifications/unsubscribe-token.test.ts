// Unsubscribe tokens: a signed token reads back as its person and kind; anything edited, signed
// with another secret, or naming a kind that does not exist is refused.
import { describe, expect, it } from 'vitest';

import { createUnsubscribeToken, readUnsubscribeToken } from './unsubscribe-token';

const SECRET = 'unsubscribe-secret-0123456789';
const USER = '6f1c2a8e-3b7d-4c1e-9a2b-5d4e3f2a1b0c';
const OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('unsubscribe tokens', () => {
  it('read back as the person and the kind they were made for', () => {
    const token = createUnsubscribeToken(SECRET, USER, 'order_delivered');
    expect(readUnsubscribeToken(SECRET, token)).toEqual({ userId: USER, kind: 'order_delivered' });
  });

  it('are refused when edited to name someone else or another kind', () => {
    const token = createUnsubscribeToken(SECRET, USER, 'order_delivered');
    const [, signed] = token.split('.');
    for (const payload of [`${OTHER}.order_delivered`, `${USER}.order_confirmed`]) {
      const forged = `${Buffer.from(payload).toString('base64url')}.${signed}`;
      expect(readUnsubscribeToken(SECRET, forged)).toBeNull();
    }
  });

  it('are refused when signed with another secret, truncated or malformed', () => {
    const token = createUnsubscribeToken(SECRET, USER, 'order_delivered');
    expect(readUnsubscribeToken('another-secret-0123456789', token)).toBeNull();
    expect(readUnsubscribeToken(SECRET, token.slice(0, -2))).toBeNull();
    expect(readUnsubscribeToken(SECRET, '')).toBeNull();
    expect(readUnsubscribeToken(SECRET, 'a.b.c')).toBeNull();
  });

  it('name only kinds that exist', () => {
    const token = createUnsubscribeToken(SECRET, USER, 'order_delivered');
    const [encoded] = token.split('.');
    expect(encoded).toBeTruthy();
    // A kind the catalogue does not know, even correctly signed, is refused.
    const bogus = createUnsubscribeToken(SECRET, USER, 'no_such_kind' as 'order_delivered');
    expect(readUnsubscribeToken(SECRET, bogus)).toBeNull();
  });
});
