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

  it.each([[new Error('WRONGTYPE Operation against a key')], [null], ['text']])(
    'leaves %j to the caller',
    (error) => {
      expect(isRedisUnavailable(error)).toBe(false);
    },
  );
});
