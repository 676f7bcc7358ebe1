import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';

import { isRedisUnavailable } from './redis-availability';

describe('isRedisUnavailable', () => {
  it('recognises what ioredis throws when nothing listens at the Redis address', async () => {
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    const error = await redis.get('anything').catch((e: unknown) => e);
    redis.disconnect();
    expect(isRedisUnavailable(error)).toBe(true);
  });

  it('recognises a closed connection', async () => {
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true });
    redis.disconnect();
    const error = await redis.get('anything').catch((e: unknown) => e);
    expect(isRedisUnavailable(error)).toBe(true);
  });

  it('recognises the error by its message, whatever a bundler renamed its class to', () => {
    const minified = new Error(
      'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.',
    );
    minified.name = 'i';
    expect(isRedisUnavailable(minified)).toBe(true);
    expect(isRedisUnavailable(new Error('wrapped', { cause: minified }))).toBe(true);
  });

  it.each([[new Error('WRONGTYPE Operation against a key')], [null], ['text']])(
    'leaves %j to the caller',
    (error) => {
      expect(isRedisUnavailable(error)).toBe(false);
    },
  );
});
