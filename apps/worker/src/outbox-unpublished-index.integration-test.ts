// The outbox's index holds unpublished rows only: the relay's claim finds its batch through it
// however many published rows the retention period keeps, and a published row leaves it.
import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RunningService } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { event, writeOutboxEvents } from '@tiffin/domain';
import { createLogger } from '@tiffin/events/logger';
import { startRedis } from '@tiffin/stack';
import { createTestDatabase } from '@tiffin/stack/testing';

import { CLAIM_BATCH, OutboxRelay } from './outbox-relay';

let t: TestDatabase;
let server: RunningService;
let redis: Redis;
let sql: pg.Client;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  server = await startRedis({});
  redis = new Redis(server.url, { enableOfflineQueue: false });
  sql = new pg.Client({ connectionString: t.url });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  redis.disconnect();
  await server.stop();
  await t.drop();
});

/** Index names anywhere in a JSON plan. */
function indexesIn(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap(indexesIn);
  if (typeof plan !== 'object' || plan === null) return [];
  return Object.entries(plan).flatMap(([key, value]) =>
    key === 'Index Name' && typeof value === 'string' ? [value] : indexesIn(value),
  );
}

/** Every plan node, flattened. */
function nodesIn(plan: unknown): Record<string, unknown>[] {
  if (Array.isArray(plan)) return plan.flatMap(nodesIn);
  if (typeof plan !== 'object' || plan === null) return [];
  const node = plan as Record<string, unknown>;
  return [node, ...Object.values(node).flatMap(nodesIn)];
}

/** Entries in the unpublished-rows index that point at live rows, read from the index alone. */
async function indexedUnpublished(): Promise<number> {
  await sql.query('SET enable_seqscan = off');
  try {
    const { rows } = await sql.query<{ n: string }>(
      'SELECT count(*) AS n FROM "OutboxEvent" WHERE "publishedAt" IS NULL',
    );
    return Number(rows[0]?.n);
  } finally {
    await sql.query('RESET enable_seqscan');
  }
}

describe('the outbox index of unpublished rows', () => {
  it('with thousands of published rows kept, the claim plans through the unpublished-rows index, and publishing empties it', async () => {
    // A day's worth of published history in miniature, then a few new rows.
    await sql.query('DELETE FROM "OutboxEvent"');
    await sql.query(
      `INSERT INTO "OutboxEvent" (id, type, stream, source, payload, "correlationId", "publishedAt")
       SELECT gen_random_uuid(), 'menu.stock_changed.v1', 'menu', 'test', '{}'::jsonb,
              gen_random_uuid(), now() FROM generate_series(1, 5000)`,
    );
    const item = await t.db.menuItem.findFirstOrThrow();
    await t.db.$transaction((tx) =>
      writeOutboxEvents(
        tx,
        Array.from({ length: 30 }, (_, stock) =>
          event(
            'menu.stock_changed.v1',
            {
              restaurantId: item.restaurantId,
              items: [{ menuItemId: item.id, stock }],
              reason: 'admin',
            },
            { correlationId: randomUUID(), source: 'test' },
          ),
        ),
      ),
    );
    await sql.query('ANALYZE "OutboxEvent"');

    const { rows } = await sql.query<{ 'QUERY PLAN': unknown }>(
      `EXPLAIN (FORMAT JSON) ${CLAIM_BATCH}`,
      [200],
    );
    const used = indexesIn(rows[0]?.['QUERY PLAN']);
    expect(used).toContain('OutboxEvent_unpublished_seq_idx');
    expect(await indexedUnpublished()).toBe(30);

    const relay = new OutboxRelay({ databaseUrl: t.url, redis, log: createLogger('error') });
    await relay.drainNow();
    await relay.stop();

    expect(await indexedUnpublished()).toBe(0);
    const published = await sql.query<{ n: string }>(
      'SELECT count(*) AS n FROM "OutboxEvent" WHERE "publishedAt" IS NOT NULL',
    );
    expect(Number(published.rows[0]?.n)).toBe(5030);
  });

  it('planned from statistics taken while nothing was unpublished, a claim of 200 reads its marked rows once, not once per row', async () => {
    await sql.query('DELETE FROM "OutboxEvent"');
    await sql.query(
      `INSERT INTO "OutboxEvent" (id, type, stream, source, payload, "correlationId", "publishedAt")
       SELECT gen_random_uuid(), 'menu.stock_changed.v1', 'menu', 'test', '{}'::jsonb,
              gen_random_uuid(), now() FROM generate_series(1, 2000)`,
    );
    await sql.query('ANALYZE "OutboxEvent"');
    // A backlog the statistics know nothing about.
    await sql.query(
      `INSERT INTO "OutboxEvent" (id, type, stream, source, payload, "correlationId")
       SELECT gen_random_uuid(), 'menu.stock_changed.v1', 'menu', 'test', '{}'::jsonb,
              gen_random_uuid() FROM generate_series(1, 1000)`,
    );
    await sql.query('BEGIN');
    try {
      const { rows } = await sql.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${CLAIM_BATCH}`,
        [200],
      );
      const nodes = nodesIn(rows[0]?.['QUERY PLAN']);
      const markedScans = nodes.filter((n) => n['CTE Name'] === 'marked');
      expect(markedScans.length).toBeGreaterThan(0);
      for (const scan of markedScans) expect(scan['Actual Loops']).toBe(1);
      expect(nodes.find((n) => 'Node Type' in n)?.['Actual Rows']).toBe(200);
    } finally {
      await sql.query('ROLLBACK');
    }
  });
});
