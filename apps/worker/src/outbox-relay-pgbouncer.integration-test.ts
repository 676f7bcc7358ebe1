// The outbox relay behind PgBouncer in transaction pooling mode (npm run start:cluster): its
// queries go through the pool, its LISTEN on the direct URL (a pooled LISTEN would not keep its
// session), so a commit still wakes it long before the next sweep.
import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RunningPgBouncer, RunningService } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { event, writeOutboxEvents } from '@tiffin/domain';
import { streamPartitions, STREAMS } from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import { startPgBouncer, startRedis } from '@tiffin/stack';
import { createTestDatabase, waitUntil as until } from '@tiffin/stack/testing';

import { OutboxRelay } from './outbox-relay';

let t: TestDatabase;
let server: RunningService;
let pgbouncer: RunningPgBouncer;
let redis: Redis;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  server = await startRedis({});
  pgbouncer = await startPgBouncer({ upstreamUrl: t.url, poolSize: 4 });
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await pgbouncer?.stop();
  await server?.stop();
  await t?.drop();
});

describe('outbox relay behind PgBouncer', () => {
  it('publishes through the pool and wakes on NOTIFY from its direct LISTEN: on the stream within 2 s, the sweep being a minute away', async () => {
    const connection = new Redis(server.url, { enableOfflineQueue: false, lazyConnect: true });
    const relay = new OutboxRelay({
      databaseUrl: pgbouncer.url,
      listenUrl: t.url,
      redis: connection,
      log: createLogger('error'),
      sweepMs: 60_000,
    });
    await connection.connect();
    await relay.start();
    try {
      const item = await t.db.menuItem.findFirstOrThrow();
      const correlationId = randomUUID();
      const committed = Date.now();
      await t.db.$transaction((tx) =>
        writeOutboxEvents(tx, [
          event(
            'menu.stock_changed.v1',
            {
              restaurantId: item.restaurantId,
              items: [{ menuItemId: item.id, stock: 7 }],
              reason: 'admin',
            },
            { correlationId, source: 'test' },
          ),
        ]),
      );
      await until(
        'the event on the stream',
        async () =>
          (await Promise.all(streamPartitions(STREAMS.menu).map((p) => redis.xrange(p, '-', '+'))))
            .flat()
            .some(([, fields]) => fields.some((f) => f.includes(correlationId))),
        5_000,
      );
      expect(Date.now() - committed).toBeLessThan(2_000);
      // Marked published, through the pool, in the same drain.
      await until(
        'the row marked published',
        async () =>
          (await t.db.outboxEvent.count({ where: { correlationId, publishedAt: null } })) === 0,
        5_000,
      );
    } finally {
      await relay.stop();
      connection.disconnect();
    }
  });
});
