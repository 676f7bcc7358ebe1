import { describe, expect, it } from 'vitest';

import { isOriginAllowed, parseAllowedOrigins } from './allowed-origins';

const policy = {
  siteUrl: 'https://tiffin.example',
  allowedOrigins: ['https://partner.example', 'http://localhost:5173'],
};

describe('isOriginAllowed', () => {
  it.each([
    [undefined, 'localhost:3000', 'no Origin: not a browser'],
    ['http://localhost:3000', 'localhost:3000', 'the host the request was sent to'],
    ['https://tiffin.example', 'internal:3000', 'the site URL behind a proxy'],
    ['https://partner.example', 'tiffin.example', 'an allowed origin'],
    ['http://localhost:5173', 'localhost:3000', 'an allowed origin with a port'],
  ])('allows %s to %s (%s)', (origin, host, _why) => {
    expect(isOriginAllowed(origin, host, policy)).toBe(true);
  });

  it.each([
    ['http://evil.example', 'localhost:3000'],
    ['http://localhost:3001', 'localhost:3000'],
    ['https://tiffin.example.evil.example', 'localhost:3000'],
    ['http://tiffin.example', 'localhost:3000'],
    ['null', 'localhost:3000'],
    ['not a url', 'localhost:3000'],
    ['', 'localhost:3000'],
  ])('refuses %j to %s', (origin, host) => {
    expect(isOriginAllowed(origin, host, policy)).toBe(false);
  });
});

describe('parseAllowedOrigins', () => {
  it('normalises a comma-separated list', () => {
    expect(parseAllowedOrigins(' https://A.example , http://b.example:8080 ')).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
    expect(parseAllowedOrigins('  ')).toEqual([]);
  });

  it.each(['https://a.example/path', 'not-a-url', 'https://a.example/?q=1'])(
    'refuses %j with a reason',
    (entry) => {
      expect(() => parseAllowedOrigins(entry)).toThrow();
    },
  );
});
