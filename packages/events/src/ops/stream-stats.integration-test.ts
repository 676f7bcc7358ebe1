import { afterAll, describe, expect, it } from 'vitest';

import { connectTestRedis, orderCreated, uniqueNames } from '@tiffin/stack/testing';

import { publish } from '../runner/publisher';
import { streamStats } from './stream-stats';

const redis = connectTestRedis();
afterAll(() => redis.quit());

describe('streamStats', () => {
  it('shows each stream length, per-group consumers, pending and lag, and the dead-letter count', async () => {
    const { stream, dlq } = uniqueNames();
    const missing = uniqueNames().stream;
    for (let i = 0; i < 5; i++) await publish(redis, orderCreated(), { stream });
    await redis.xgroup('CREATE', stream, 'simulator', '0');
    await redis.xgroup('CREATE', stream, 'tracking', '0');
    // simulator: one consumer read 3 and acked 1, so 2 pending and 2 not yet delivered.
    const read = (await redis.xreadgroup(
      'GROUP',
      'simulator',
      'c1',
      'COUNT',
      3,
      'STREAMS',
      stream,
      '>',
    )) as [string, [string, string[]][]][]; // one stream asked, so one reply
    await redis.xack(stream, 'simulator', read[0]?.[1][0]?.[0] ?? '');
    await redis.xadd(dlq, '*', 'error', 'x');
    await redis.xadd(dlq, '*', 'error', 'y');

    const report = await streamStats(redis, [stream, missing], { deadLetterStream: dlq });

    expect(report).toEqual({
      streams: [
        {
          stream,
          length: 5,
          groups: [
            {
              name: 'simulator',
              consumers: 1,
              pending: 2,
              lag: 2,
              lastDeliveredId: expect.any(String),
            },
            { name: 'tracking', consumers: 0, pending: 0, lag: 5, lastDeliveredId: '0-0' },
          ],
        },
        { stream: missing, length: 0, groups: [] },
      ],
      deadLetterStream: dlq,
      deadLetters: 2,
    });
  });
});
