// The environment is checked once, and a bad one is reported in a single readable error.
import { describe, expect, it } from 'vitest';

import { parseEnv } from './env';

const VALID = {
  DATABASE_URL: 'postgresql://tiffin:secret@localhost:5432/tiffin',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NEXTAUTH_SECRET: 'x'.repeat(32),
};

describe('parseEnv', () => {
  it('fills in defaults for PORT, HOSTNAME, NODE_ENV and the pool size', () => {
    expect(parseEnv(VALID)).toEqual({
      ...VALID,
      DATABASE_POOL_SIZE: 20,
      WS_PING_MS: 30_000,
      WS_PONG_WAIT_MS: 5_000,
      PORT: 3000,
      HOSTNAME: '0.0.0.0',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      CURRENCY: 'USD',
    });
  });

  it('reads PORT as a number and keeps an optional NEXTAUTH_URL', () => {
    const env = parseEnv({
      ...VALID,
      PORT: '3100',
      NEXTAUTH_URL: 'http://localhost:3100',
      NODE_ENV: 'production',
    });
    expect(env.PORT).toBe(3100);
    expect(env.NEXTAUTH_URL).toBe('http://localhost:3100');
    expect(env.NODE_ENV).toBe('production');
  });

  it('names every missing or invalid variable in one error', () => {
    expect(() =>
      parseEnv({ REDIS_URL: 'not a url', NEXTAUTH_SECRET: 'short', PORT: 'abc' }),
    ).toThrow(
      /^Invalid environment: DATABASE_URL: is required; REDIS_URL: must be a URL.*; NEXTAUTH_SECRET: must be at least 32 characters long; PORT: must be a port number$/,
    );
  });

  it('treats empty strings as unset', () => {
    expect(() => parseEnv({ ...VALID, DATABASE_URL: '' })).toThrow('DATABASE_URL: is required');
    expect(parseEnv({ ...VALID, NEXTAUTH_URL: '' }).NEXTAUTH_URL).toBeUndefined();
  });
});
