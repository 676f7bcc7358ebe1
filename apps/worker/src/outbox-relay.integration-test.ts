// The outbox relay on its own: wake-up by NOTIFY, per-order ordering with two relays racing,
// exactly-once publication under SKIP LOCKED, and housekeeping.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { OwnTestRedis, TestDatabase } from '@tiffin/stack/testing';
import { event, writeOutboxEvents } from '@tiffin/domain';
import { logicalStreamOf, streamPartitions, STREAMS } from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import { createTestDatabase, startOwnTestRedis, waitUntil as until } from '@tiffin/stack/testing';

import { OutboxRelay } from './outbox-relay';

let t: TestDatabase;
let server: OwnTestRedis;
let redis: RedisClient;
let restaurantId: string;
let menuItemId: string;
const log = createLogger('error');

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  server = await startOwnTestRedis();
  redis = server.connect();
  const item = await t.db.menuItem.findFirstOrThrow();
  restaurantId = item.restaurantId;
  menuItemId = item.id;
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
  await t.drop();
});

function relay(opts: { sweepMs?: number; batchSize?: number } = {}) {
  const connection = server.connect({ enableOfflineQueue: false, lazyConnect: true });
  const instance = new OutboxRelay({ databaseUrl: t.url, redis: connection, log, ...opts });
  return {
    instance,
    async start() {
      await connection.connect();
      await instance.start();
    },
    async stop() {
      await instance.stop();
      connection.disconnect();
    },
  };
}

/** Commits `count` events for one order (correlation), each in its own transaction. */
async function commitSequence(correlationId: string, count: number) {
  for (let i = 0; i < count; i++) {
    await t.db.$transaction((tx) =>
      writeOutboxEvents(tx, [
        event(
          'menu.stock_changed.v1',
          { restaurantId, items: [{ menuItemId, stock: i }], reason: 'admin' },
          { correlationId, source: 'test' },
        ),
      ]),
    );
  }
}

async function published(correlationIds: Set<string>) {
  // One restaurant's events share a partition, so each correlation keeps its order here.
  const perPartition = await Promise.all(
    streamPartitions(STREAMS.menu).map((stream) => redis.xrange(stream, '-', '+')),
  );
  const entries = perPartition.flat();
  return entries
    .map(
      ([, fields]) =>
        JSON.parse(fields[fields.indexOf('envelope') + 1]!) as {
          eventId: string;
          correlationId: string;
          payload: { items: { stock: number }[] };
        },
    )
    .filter((e) => correlationIds.has(e.correlationId));
}

describe('outbox relay', () => {
  it('wakes on NOTIFY: a commit is on the stream long before the next sweep', async () => {
    const r = relay({ sweepMs: 60_000 });
    await r.start();
    try {
      const correlationId = randomUUID();
      const committed = Date.now();
      await commitSequence(correlationId, 1);
      await until(
        'the event on the stream',
        async () => (await published(new Set([correlationId]))).length === 1,
        5_000,
      );
      expect(Date.now() - committed).toBeLessThan(2_000);
    } finally {
      await r.stop();
    }
  });

  it('two relays racing publish every row exactly once, in commit order per correlation', async () => {
    const orders = Array.from({ length: 20 }, () => randomUUID());
    // Committed before the relays start, so both find a large backlog and split it.
    await Promise.all(orders.map((id) => commitSequence(id, 10)));
    const a = relay({ batchSize: 7 });
    const b = relay({ batchSize: 7 });
    await Promise.all([a.start(), b.start()]);
    try {
      const ids = new Set(orders);
      await until('all 200 events on the stream', async () => (await published(ids)).length >= 200);
      await new Promise((r) => setTimeout(r, 300));
      const events = await published(ids);
      expect(events).toHaveLength(200);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(200);
      for (const id of orders) {
        const stocks = events
          .filter((e) => e.correlationId === id)
          .map((e) => e.payload.items[0]!.stock);
        expect(stocks, `order ${id}`).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      }
      expect(await t.db.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('a row that fails its schema goes to the dead letters and does not hold back the rows after it', async () => {
    const deadLetterStream = `test:dead-letters:${randomUUID()}`;
    const correlationId = randomUUID();
    await commitSequence(correlationId, 1);
    // Written around event(), as a buggy script or an older schema version would leave it.
    const badId = randomUUID();
    await t.db.$executeRaw`
      INSERT INTO "OutboxEvent" ("id", "type", "stream", "source", "payload", "correlationId")
      VALUES (${badId}::uuid, 'menu.stock_changed.v1', ${STREAMS.menu}, 'test',
              '{"restaurantId": "not-a-uuid"}'::jsonb, ${correlationId}::uuid)`;
    await commitSequence(correlationId, 2);

    const connection = server.connect({ enableOfflineQueue: false, lazyConnect: true });
    const instance = new OutboxRelay({
      databaseUrl: t.url,
      redis: connection,
      log,
      deadLetterStream,
    });
    await connection.connect();
    await instance.start();
    try {
      const ids = new Set([correlationId]);
      await until('the valid events on the stream', async () => (await published(ids)).length >= 3);
      // On a cluster the dead letter goes out on another node's pipeline, maybe a moment later.
      await until('the dead letter', async () => (await redis.xlen(deadLetterStream)) > 0);
      expect((await published(ids)).map((e) => e.payload.items[0]!.stock)).toEqual([0, 0, 1]);
      const letters = await redis.xrange(deadLetterStream, '-', '+');
      expect(letters).toHaveLength(1);
      const fields = letters[0]![1];
      const field = (name: string) => fields[fields.indexOf(name) + 1];
      expect(field('group')).toBe('outbox-relay');
      expect(field('originalId')).toBe(badId);
      expect(logicalStreamOf(field('originalStream') ?? '')).toBe(STREAMS.menu);
      expect(field('error')).toContain('fails its event schema');
      expect(await t.db.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
    } finally {
      await instance.stop();
      connection.disconnect();
    }
  });

  it('a batch spanning streams goes out as one pipeline per stream, each stream in commit order', async () => {
    const correlationId = randomUUID();
    const orderId = randomUUID();
    // Menu and order events interleaved in one transaction, so one batch holds both streams.
    await t.db.$transaction((tx) =>
      writeOutboxEvents(
        tx,
        Array.from({ length: 6 }, (_, i) =>
          i % 2 === 0
            ? event(
                'menu.stock_changed.v1',
                { restaurantId, items: [{ menuItemId, stock: i }], reason: 'admin' },
                { correlationId, source: 'test' },
              )
            : event(
                'order.status_changed.v1',
                {
                  orderId,
                  from: null,
                  to: 'created',
                  version: i,
                  actor: 'test',
                  at: new Date().toISOString(),
                },
                { correlationId, source: 'test' },
              ),
        ),
      ),
    );
    const connection = server.connect({ enableOfflineQueue: false, lazyConnect: true });
    // Counts the pipelines the relay opens; the commands still go to the real Redis.
    const openPipeline = connection.pipeline.bind(connection);
    let pipelines = 0;
    connection.pipeline = (...args: Parameters<typeof openPipeline>) => {
      pipelines++;
      return openPipeline(...args);
    };
    const instance = new OutboxRelay({ databaseUrl: t.url, redis: connection, log });
    await connection.connect();
    try {
      await instance.drainNow();
      const ids = new Set([correlationId]);
      expect((await published(ids)).map((e) => e.payload.items[0]!.stock)).toEqual([0, 2, 4]);
      const orderEntries = await Promise.all(
        streamPartitions(STREAMS.orders).map((stream) => redis.xrange(stream, '-', '+')),
      );
      const orderVersions = orderEntries
        .flat()
        .map(
          ([, fields]) =>
            JSON.parse(fields[fields.indexOf('envelope') + 1]!) as {
              correlationId: string;
              payload: { version: number };
            },
        )
        .filter((e) => e.correlationId === correlationId)
        .map((e) => e.payload.version);
      expect(orderVersions).toEqual([1, 3, 5]);
      expect(pipelines).toBe(2);
      expect(await t.db.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
    } finally {
      await instance.stop();
      connection.disconnect();
    }
  });

  it('housekeeping deletes published rows past retention and keeps unpublished ones', async () => {
    await commitSequence(randomUUID(), 3);
    const r = relay();
    await r.start();
    await until(
      'the outbox drained',
      async () => (await t.db.outboxEvent.count({ where: { publishedAt: null } })) === 0,
    );
    await r.stop();
    const pending = randomUUID();
    await commitSequence(pending, 2);
    await t.db.outboxEvent.updateMany({
      where: { publishedAt: { not: null } },
      data: { publishedAt: new Date(Date.now() - 2 * 60 * 60_000) },
    });

    const pruner = new OutboxRelay({
      databaseUrl: t.url,
      redis,
      log,
      retentionMs: 60 * 60_000,
    });
    const deleted = await pruner.prune();
    await pruner.stop();

    expect(deleted).toBeGreaterThan(0);
    expect(await t.db.outboxEvent.count({ where: { publishedAt: { not: null } } })).toBe(0);
    expect(await t.db.outboxEvent.count({ where: { correlationId: pending } })).toBe(2);
  });
});
