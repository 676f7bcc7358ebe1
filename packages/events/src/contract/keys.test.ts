import { describe, expect, it } from 'vitest';

import {
  attemptsKey,
  courierPositionKey,
  deadLetterStreamFor,
  deadLetterStreams,
  EVENT_STREAMS,
  eventStreamPartitions,
  fanoutSeenKey,
  logicalStreamOf,
  notificationPushedKey,
  orderHistoryStream,
  orderPositionKey,
  orderSnapshotKey,
  orderTrackingSeenKey,
  partitionOf,
  partitionStream,
  positionRateKey,
  rateLimitKeyPrefix,
  REFILL_RUNS_KEY,
  refillSlotKey,
  restaurantHistoryStream,
  restaurantTrackingSeenKey,
  sessionVersionKey,
  simulatorHoldKey,
  streamPartitionCount,
  streamPartitions,
  STREAMS,
  timerKeysFor,
  timerPartitionKeys,
  trackingFanoutStream,
  uniqueTestKeys,
  userNotificationStream,
  WORKER_PRESENCE_KEY,
  workerPresenceKey,
} from './keys';

/** The hash tag Redis Cluster hashes: the text between the first `{` and the next `}`. */
function hashTag(key: string): string | null {
  return /\{([^}]*)\}/.exec(key)?.[1] ?? null;
}

describe('the Redis keys', () => {
  const id = '0b0f7a52-3e0c-4a8a-9f53-2f7f0f0e6d11';
  const other = '7d1c2b1e-7f6a-4c55-8f0e-1e2d3c4b5a69';
  const eventId = '5c0de7a8-1b2c-4d3e-8f90-a1b2c3d4e5f6';
  const orders3 = partitionStream(STREAMS.orders, 3);
  const fanout = trackingFanoutStream(id);
  const productKeys: string[] = [
    ...eventStreamPartitions(),
    ...deadLetterStreams(),
    ...streamPartitions('tracking'),
    fanoutSeenKey(fanout, eventId),
    orderHistoryStream(id),
    orderSnapshotKey(id),
    orderTrackingSeenKey(id, eventId),
    restaurantHistoryStream(id),
    restaurantTrackingSeenKey(id, eventId),
    orderPositionKey(id),
    courierPositionKey(id),
    positionRateKey(id),
    userNotificationStream(id),
    notificationPushedKey(id, eventId),
    attemptsKey(orders3, 'delivery'),
    ...Object.values(timerPartitionKeys(0)),
    REFILL_RUNS_KEY,
    refillSlotKey(7),
    WORKER_PRESENCE_KEY,
    workerPresenceKey(WORKER_PRESENCE_KEY, 'host-1'),
    `${rateLimitKeyPrefix('sign-in')}:3Ynx2ZMXnQ|127.0.0.1`,
    sessionVersionKey(id),
    simulatorHoldKey(id),
  ];

  it('every product key starts with tiffin:, and no two kinds of key collide', () => {
    for (const key of productKeys) expect(key.startsWith('tiffin:'), key).toBe(true);
    expect(new Set(productKeys).size).toBe(productKeys.length);
  });

  it('each stream partition has a hash tag of its own, so partitions spread over the slots', () => {
    const tags = eventStreamPartitions().map(hashTag);
    expect(new Set(tags).size).toBe(EVENT_STREAMS.length * streamPartitionCount());
    expect(partitionStream(STREAMS.orders, 7)).toBe('tiffin:{orders.7}');
    expect(logicalStreamOf('tiffin:{orders.7}')).toBe('orders');
    expect(streamPartitionCount()).toBe(8);
  });

  it('keys used together in one MULTI or script share a slot; per-entity keys carry their id', () => {
    expect(hashTag(attemptsKey(orders3, 'delivery'))).toBe(hashTag(orders3));
    expect(hashTag(deadLetterStreamFor(orders3))).toBe(hashTag(orders3));
    expect(hashTag(fanoutSeenKey(fanout, eventId))).toBe(hashTag(fanout));
    expect(hashTag(orderTrackingSeenKey(id, eventId))).toBe(`order.${id}`);
    expect(hashTag(orderSnapshotKey(id))).toBe(hashTag(orderHistoryStream(id)));
    expect(hashTag(restaurantTrackingSeenKey(id, eventId))).toBe(`restaurant.${id}`);
    expect(hashTag(notificationPushedKey(id, eventId))).toBe(hashTag(userNotificationStream(id)));
    expect(hashTag(simulatorHoldKey(id))).toBe(`order.${id}`);
    const timers = timerKeysFor(`acceptance:${id}`);
    expect(new Set([timers.due, timers.leased, timers.data].map(hashTag)).size).toBe(1);
    expect(hashTag(workerPresenceKey(WORKER_PRESENCE_KEY, 'h'))).toBe(hashTag(WORKER_PRESENCE_KEY));
    expect(hashTag(orderHistoryStream(id))).not.toBe(hashTag(orderHistoryStream(other)));
  });

  it('partitions are stable and spread: the same key always lands in the same partition', () => {
    expect(partitionOf(id)).toBe(partitionOf(id));
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 800; i++) counts[partitionOf(`restaurant-${i}`, 8)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(50);
  });

  it('consumers read the event streams, not the dead letters', () => {
    expect(EVENT_STREAMS).toEqual([
      STREAMS.orders,
      STREAMS.deliveries,
      STREAMS.menu,
      STREAMS.accounts,
    ]);
    for (const letters of deadLetterStreams()) {
      expect(eventStreamPartitions()).not.toContain(letters);
    }
  });

  it("a test's stream and dead letters share a tag of their own, never the product's", () => {
    const keys = uniqueTestKeys('orders', 'abc123');
    expect(hashTag(keys.stream)).toBe('t.abc123');
    expect(hashTag(keys.dlq)).toBe('t.abc123');
    const other = uniqueTestKeys('orders', 'def456');
    expect(other.stream).not.toBe(keys.stream);
    expect(hashTag(other.stream)).not.toBe(hashTag(keys.stream));
  });
});
