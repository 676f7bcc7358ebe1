// The worker's environment is checked once at start, and a bad one is reported in one error.
import { describe, expect, it } from 'vitest';

import { InvalidEnvError, parseEnv } from './env';

const VALID = {
  DATABASE_URL: 'postgresql://tiffin:secret@localhost:5432/tiffin',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

/** The error parseEnv throws for `raw`; fails the test when it does not throw. */
function errorFor(raw: Record<string, string | undefined>): InvalidEnvError {
  try {
    parseEnv(raw);
  } catch (error) {
    if (error instanceof InvalidEnvError) return error;
    throw error;
  }
  throw new Error('parseEnv accepted an invalid environment');
}

describe('worker parseEnv', () => {
  it('needs only the two URLs; everything else has a default', () => {
    expect(parseEnv(VALID)).toEqual({
      ...VALID,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      STREAM_PARTITIONS: 8,
      WORKER_HTTP_PORT: 9464,
      WORKER_HTTP_HOST: '127.0.0.1',
      HEALTH_FAILING_THRESHOLD_MS: 30_000,
      STREAM_MAX_LEN: 100_000,
      CONSUMER_MAX_ATTEMPTS: 5,
      CONSUMER_CLAIM_IDLE_MS: 30_000,
      CONSUMER_CLAIM_INTERVAL_MS: 5_000,
      CONSUMER_BLOCK_MS: 1_000,
      OUTBOX_SWEEP_MS: 1_000,
      OUTBOX_BATCH_SIZE: 200,
      OUTBOX_RETENTION_MS: 24 * 60 * 60_000,
      SIM_ENABLED: true,
      SIM_SPEED: 1,
      SIM_CONFIRM_MS: { baseMs: 4000, jitterMs: 1500 },
      SIM_PREPARE_MS: { baseMs: 12_000, jitterMs: 4000 },
      SIM_PICKUP_MS: { baseMs: 6000, jitterMs: 2000 },
      SIM_COURIER_SPEED_KMH: 25,
      DISPATCH_FALLBACK_MS: 30_000,
      KITCHEN_ACCEPT_TIMEOUT_MS: 300_000,
      PAYMENT_TIMEOUT_MS: 15 * 60_000,
      PAYMENT_WEBHOOK_URL: 'http://localhost:3000/api/payments/webhook',
      CURRENCY: 'USD',
      TIMER_LEASE_MS: 30_000,
      REFILL_INTERVAL_MS: 2 * 60 * 60_000,
      REFILL_THRESHOLD: 5,
      REFILL_TARGET: 50,
      REFILL_ON_START: false,
      ORDER_STUCK_AFTER_MS: 1_800_000,
      MAIL_FROM: 'Tiffin <orders@tiffin.localhost>',
      NEXTAUTH_URL: 'http://localhost:3000',
    });
  });

  it('takes an smtp:// SMTP_URL and refuses any other scheme', () => {
    expect(parseEnv({ ...VALID, SMTP_URL: 'smtp://127.0.0.1:2525' }).SMTP_URL).toBe(
      'smtp://127.0.0.1:2525',
    );
    expect(() => parseEnv({ ...VALID, SMTP_URL: 'http://mail.example' })).toThrow(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
  });

  it('takes Redis Cluster seeds as host:port, comma-separated, and a partition count', () => {
    const env = parseEnv({
      ...VALID,
      REDIS_CLUSTER_NODES: '127.0.0.1:7000, 127.0.0.1:7001',
      STREAM_PARTITIONS: '16',
    });
    expect(env.REDIS_CLUSTER_NODES).toEqual(['127.0.0.1:7000', '127.0.0.1:7001']);
    expect(env.STREAM_PARTITIONS).toBe(16);
    expect(() => parseEnv({ ...VALID, REDIS_CLUSTER_NODES: 'redis://127.0.0.1' })).toThrow(
      /REDIS_CLUSTER_NODES: "redis:\/\/127.0.0.1" is not host:port/,
    );
    expect(() => parseEnv({ ...VALID, STREAM_PARTITIONS: '0' })).toThrow(
      /STREAM_PARTITIONS: must be at least 1/,
    );
  });

  it('reads numbers and switches from their text', () => {
    const env = parseEnv({
      ...VALID,
      WORKER_HTTP_PORT: '0',
      SIM_ENABLED: '0',
      SIM_SPEED: '2.5',
      REFILL_ON_START: 'true',
    });
    expect(env).toMatchObject({
      WORKER_HTTP_PORT: 0,
      SIM_ENABLED: false,
      SIM_SPEED: 2.5,
      REFILL_ON_START: true,
    });
  });

  it('names an invalid variable and says what it must be', () => {
    const error = errorFor({ ...VALID, DATABASE_URL: 'mysql://tiffin@localhost/tiffin' });
    expect(error.message).toBe(
      'Invalid worker environment:\n  DATABASE_URL: must be a postgresql:// URL',
    );
  });

  it('names every missing or invalid variable in one error, one per line', () => {
    const error = errorFor({
      REDIS_URL: 'http://127.0.0.1:6379',
      METRICS_TOKEN: 'short',
      CONSUMER_MAX_ATTEMPTS: '0',
      SIM_PREPARE_MS: 'soon',
    });
    expect(error.message.split('\n')).toEqual([
      'Invalid worker environment:',
      '  DATABASE_URL: is required but not set',
      '  REDIS_URL: must be a redis:// URL',
      '  METRICS_TOKEN: must be at least 16 characters long',
      expect.stringMatching(/^ {2}CONSUMER_MAX_ATTEMPTS: /),
      '  SIM_PREPARE_MS: must be milliseconds, e.g. 4000 or 4000±1000',
    ]);
  });

  it('treats empty strings as unset: required ones are missing, the rest take their default', () => {
    expect(errorFor({ ...VALID, REDIS_URL: '' }).message).toBe(
      'Invalid worker environment:\n  REDIS_URL: is required but not set',
    );
    const raw = { ...VALID, METRICS_TOKEN: '', SIM_SPEED: '', LOG_LEVEL: '' };
    const env = parseEnv(raw);
    expect(env).not.toHaveProperty('METRICS_TOKEN');
    expect(env).toMatchObject({ SIM_SPEED: 1, LOG_LEVEL: 'info' });
    // The caller's object is left as it was.
    expect(raw).toEqual({ ...VALID, METRICS_TOKEN: '', SIM_SPEED: '', LOG_LEVEL: '' });
  });

  it('reads a simulator delay as base ± jitter milliseconds, in any of its spellings', () => {
    const delayOf = (value: string) => parseEnv({ ...VALID, SIM_CONFIRM_MS: value }).SIM_CONFIRM_MS;
    expect(delayOf('4000')).toEqual({ baseMs: 4000, jitterMs: 0 });
    expect(delayOf('4000±1000')).toEqual({ baseMs: 4000, jitterMs: 1000 });
    expect(delayOf(' 4000 ± 1000 ')).toEqual({ baseMs: 4000, jitterMs: 1000 });
    expect(delayOf('4000+-1000')).toEqual({ baseMs: 4000, jitterMs: 1000 });
    expect(delayOf('4000+/-1000')).toEqual({ baseMs: 4000, jitterMs: 1000 });
    for (const bad of ['4s', '4000±', '-4000', '4000-1000', '±1000']) {
      expect(errorFor({ ...VALID, SIM_CONFIRM_MS: bad }).message, bad).toContain(
        'SIM_CONFIRM_MS: must be milliseconds, e.g. 4000 or 4000±1000',
      );
    }
  });

  it("Stripe: both keys or neither; the publishable key is not the worker's", () => {
    const keys = { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' };
    expect(parseEnv({ ...VALID, ...keys })).toMatchObject(keys);
    expect(errorFor({ ...VALID, STRIPE_SECRET_KEY: 'sk_test_1' }).message).toContain(
      'STRIPE_WEBHOOK_SECRET: is required when STRIPE_SECRET_KEY is set',
    );
  });
});
