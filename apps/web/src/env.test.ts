// The environment is checked once, and a bad one is reported in a single readable error.
import { describe, expect, it } from 'vitest';

import { listenHost, parseEnv, stripeConfigured } from './env';

const VALID = {
  DATABASE_URL: 'postgresql://tiffin:secret@localhost:5432/tiffin',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NEXTAUTH_SECRET: 'x'.repeat(32),
};

describe('parseEnv', () => {
  it('fills in defaults for PORT, HOSTNAME, NODE_ENV, the pool size and the abuse limits', () => {
    expect(parseEnv(VALID)).toEqual({
      ...VALID,
      DATABASE_POOL_SIZE: 20,
      WS_PING_MS: 30_000,
      WS_PONG_WAIT_MS: 5_000,
      SIGNIN_FAILURES_PER_ACCOUNT: 10,
      AUTH_REQUESTS_PER_IP_PER_MINUTE: 30,
      SIGNUPS_PER_IP_PER_HOUR: 10,
      ORDERS_PER_USER_PER_MINUTE: 10,
      TRUST_PROXY: 0,
      PORT: 3000,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      ALLOWED_ORIGINS: [],
      CURRENCY: 'USD',
      STREAM_PARTITIONS: 8,
    });
  });

  it('takes INSTANCE_NAME as a header-safe name and refuses anything else', () => {
    expect(parseEnv({ ...VALID, INSTANCE_NAME: 'web-1' }).INSTANCE_NAME).toBe('web-1');
    expect(() => parseEnv({ ...VALID, INSTANCE_NAME: 'web 1\r\nx-evil: 1' })).toThrow(
      /INSTANCE_NAME: must be 1-63 letters, digits, dots, dashes/,
    );
  });

  it('reads ALLOWED_ORIGINS as a list of origins and refuses anything that is not one', () => {
    expect(
      parseEnv({ ...VALID, ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080' })
        .ALLOWED_ORIGINS,
    ).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(() => parseEnv({ ...VALID, ALLOWED_ORIGINS: 'https://a.example/app' })).toThrow(
      /ALLOWED_ORIGINS: "https:\/\/a.example\/app" is not an origin/,
    );
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

describe('Stripe keys', () => {
  const keys = {
    STRIPE_SECRET_KEY: 'sk_test_1',
    STRIPE_WEBHOOK_SECRET: 'whsec_1',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_1',
  };

  it('all three turn Stripe on; none leaves the sandbox', () => {
    expect(stripeConfigured(parseEnv({ ...VALID, ...keys }))).toBe(true);
    expect(stripeConfigured(parseEnv(VALID))).toBe(false);
  });

  it('a partial set is refused, naming what is missing', () => {
    expect(() => parseEnv({ ...VALID, ...keys, STRIPE_PUBLISHABLE_KEY: undefined })).toThrow(
      /^Invalid environment: STRIPE_PUBLISHABLE_KEY: is required when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set/,
    );
  });

  it("each key must have its own prefix: a secret key in the browser's place is refused", () => {
    expect(() => parseEnv({ ...VALID, ...keys, STRIPE_PUBLISHABLE_KEY: 'sk_test_1' })).toThrow(
      'STRIPE_PUBLISHABLE_KEY: must start with pk_',
    );
  });
});

describe('listenHost', () => {
  it('listens on loopback unless told otherwise', () => {
    expect(listenHost(parseEnv(VALID))).toBe('127.0.0.1');
  });

  it('HOST wins over the older HOSTNAME', () => {
    expect(listenHost(parseEnv({ ...VALID, HOST: '0.0.0.0', HOSTNAME: '10.0.0.5' }))).toBe(
      '0.0.0.0',
    );
  });

  it('an IP address in HOSTNAME is still honoured; a machine name there is not', () => {
    expect(listenHost(parseEnv({ ...VALID, HOSTNAME: '0.0.0.0' }))).toBe('0.0.0.0');
    expect(listenHost(parseEnv({ ...VALID, HOSTNAME: '::' }))).toBe('::');
    // Docker sets HOSTNAME to the container id, shells to the machine's name.
    expect(listenHost(parseEnv({ ...VALID, HOSTNAME: '4f1c2a9be0d3' }))).toBe('127.0.0.1');
  });
});
