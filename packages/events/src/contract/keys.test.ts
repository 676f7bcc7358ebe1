import { describe, expect, it } from 'vitest';

import {
  attemptsKey,
  EVENT_STREAMS,
  orderHistoryStream,
  orderSnapshotKey,
  rateLimitKeyPrefix,
  REFILL_RUNS_KEY,
  refillSlotKey,
  sessionVersionKey,
  simulatorHoldKey,
  STREAMS,
  TIMER_KEYS,
  TRACKING_FANOUT_STREAM,
  TRACKING_PLACEHOLDER_KEY,
  trackingSeenKey,
  uniqueTestKeys,
  WORKER_PRESENCE_KEY,
  workerPresenceKey,
} from './keys';

/** The hash tag Redis Cluster hashes: the text between the first `{` and the next `}`. */
function hashTag(key: string): string | null {
  return /\{([^}]*)\}/.exec(key)?.[1] ?? null;
}

describe('the Redis keys', () => {
  const id = '0b0f7a52-3e0c-4a8a-9f53-2f7f0f0e6d11';
  const productKeys = [
    ...Object.values(STREAMS),
    TRACKING_FANOUT_STREAM,
    TRACKING_PLACEHOLDER_KEY,
    orderHistoryStream(id),
    orderSnapshotKey(id),
    trackingSeenKey(id),
    attemptsKey(STREAMS.orders, 'delivery'),
    ...Object.values(TIMER_KEYS),
    REFILL_RUNS_KEY,
    refillSlotKey(7),
    WORKER_PRESENCE_KEY,
    workerPresenceKey(WORKER_PRESENCE_KEY, 'host-1'),
    `${rateLimitKeyPrefix('sign-in')}:3Ynx2ZMXnQ|127.0.0.1`,
    sessionVersionKey(id),
    simulatorHoldKey(id),
  ];

  it('every product key carries the {tiffin} hash tag, so multi-key commands stay in one slot', () => {
    for (const key of productKeys) expect(hashTag(key), key).toBe('tiffin');
  });

  it('no two kinds of key collide', () => {
    expect(new Set(productKeys).size).toBe(productKeys.length);
  });

  it('names keys people can read in redis-cli', () => {
    expect(STREAMS.orders).toBe('{tiffin}:stream:orders');
    expect(orderHistoryStream(id)).toBe(`{tiffin}:track:order:${id}`);
    expect(simulatorHoldKey(id)).toBe(`{tiffin}:sim:hold:${id}`);
    expect(TIMER_KEYS.due).toBe('{tiffin}:timers:due');
  });

  it('consumers read the event streams, not the dead letters', () => {
    expect(EVENT_STREAMS).toEqual([
      STREAMS.orders,
      STREAMS.deliveries,
      STREAMS.menu,
      STREAMS.accounts,
    ]);
    expect(EVENT_STREAMS).not.toContain(STREAMS.deadLetters);
  });

  it("test keys share their own tag, never the product's", () => {
    const keys = uniqueTestKeys('orders', 'abc123');
    expect(hashTag(keys.stream)).toBe('t');
    expect(hashTag(keys.dlq)).toBe('t');
    expect(keys.stream).not.toBe(uniqueTestKeys('orders', 'def456').stream);
  });
});
