// The relay claims its next batch while the current one is published: a Redis failure mid-drain
// must never let a later batch reach the stream before an earlier one.
import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RunningService } from '@tiffin/stack';
import type { TcpProxy, TestDatabase } from '@tiffin/stack/testing';
import { event, writeOutboxEvents } from '@tiffin/domain';
import { streamPartitions, STREAMS } from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import { startRedis } from '@tiffin/stack';
import { createTestDatabase, startTcpProxy, waitUntil as until } from '@tiffin/stack/testing';

import { OutboxRelay } from './outbox-relay';

let t: TestDatabase;
let server: RunningService;
let redis: Redis;
let proxy: TcpProxy;
let restaurantId: string;
let menuItemId: string;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  server = await startRedis({});
  redis = new Redis(server.url);
  proxy = await startTcpProxy(server.url);
  const item = await t.db.menuItem.findFirstOrThrow();
  restaurantId = item.restaurantId;
  menuItemId = item.id;
});
afterAll(async () => {
  redis.disconnect();
  await proxy.close();
  await server.stop();
  await t.drop();
});

/** The event ids on the restaurant's partition, in stream order (one restaurant: one stream). */
async function onStream(): Promise<string[]> {
  const perPartition = await Promise.all(
    streamPartitions(STREAMS.menu).map((stream) => redis.xrange(stream, '-', '+')),
  );
  return perPartition
    .flat()
    .map(
      ([, fields]) =>
        (JSON.parse(fields[fields.indexOf('envelope') + 1]!) as { eventId: string }).eventId,
    );
}

describe('outbox relay, batch after batch', () => {
  it('Redis failing mid-drain: the stream holds a prefix of the commit order, and once Redis is back every row follows, once, in order', async () => {
    // Two orders' events interleaved, one transaction each: 40 rows, 4 batches of 10.
    const committed: string[] = [];
    const orders = [randomUUID(), randomUUID()];
    for (let i = 0; i < 20; i++) {
      for (const correlationId of orders) {
        const e = event(
          'menu.stock_changed.v1',
          { restaurantId, items: [{ menuItemId, stock: i }], reason: 'admin' },
          { correlationId, source: 'test' },
        );
        await t.db.$transaction((tx) => writeOutboxEvents(tx, [e]));
        committed.push(e.eventId);
      }
    }
    const connection = new Redis(proxy.url, { enableOfflineQueue: false, lazyConnect: true });
    connection.on('error', () => undefined);
    let batches = 0;
    const relay = new OutboxRelay({
      databaseUrl: t.url,
      redis: connection,
      log: createLogger('error'),
      batchSize: 10,
      // Redis goes away right after the first batch, while the second is already claimed.
      onPublished: () => {
        if (++batches === 1) void proxy.cut();
      },
    });
    await connection.connect();
    await relay.start();
    try {
      await until('the relay failing', () => relay.failingSince !== null, 10_000);
      const duringOutage = await onStream();
      expect(duringOutage.length).toBeGreaterThanOrEqual(10);
      expect(duringOutage.length).toBeLessThan(40);
      expect(duringOutage).toEqual(committed.slice(0, duringOutage.length));
      expect(await t.db.outboxEvent.count({ where: { publishedAt: null } })).toBe(
        40 - duringOutage.length,
      );

      await proxy.restore();
      await until('every row on the stream', async () => (await onStream()).length >= 40, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await onStream()).toEqual(committed);
      expect(await t.db.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
    } finally {
      await relay.stop();
      connection.disconnect();
    }
  });
});
