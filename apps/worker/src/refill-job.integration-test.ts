// The refill job's schedule: on the clock, not at start (so a fresh stack keeps the seed's low
// stock), once per slot, and at start too when asked.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { OwnTestRedis, TestDatabase } from '@tiffin/stack/testing';
import { createLogger } from '@tiffin/events/logger';
import { createTestDatabase, startOwnTestRedis, waitUntil as until } from '@tiffin/stack/testing';

import { RefillJob } from './refill-job';

let t: TestDatabase;
let server: OwnTestRedis;
let redis: RedisClient;
let itemId: string;
const log = createLogger('error');

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  server = await startOwnTestRedis();
  redis = server.connect();
  itemId = (await t.db.menuItem.findFirstOrThrow({ where: { isAvailable: true } })).id;
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
  await t.drop();
});

const stockOf = async () =>
  (await t.db.menuItem.findUniqueOrThrow({ where: { id: itemId } })).stock;

function job(intervalMs: number, runOnStart: boolean, runs: { count: number }) {
  return new RefillJob({
    db: t.db,
    redis,
    log,
    intervalMs,
    threshold: 5,
    target: 40,
    owner: `test-${randomUUID()}`,
    runOnStart,
    onRun: () => runs.count++,
  });
}

describe('refill job', () => {
  it('waits for the next slot boundary instead of refilling at start', async () => {
    await t.db.menuItem.update({ where: { id: itemId }, data: { stock: 2 } });
    const intervalMs = 3_000;
    // Start just after a boundary, so the slot in progress has most of its time left.
    const sinceBoundary = Date.now() % intervalMs;
    await new Promise((r) => setTimeout(r, (intervalMs - sinceBoundary + 100) % intervalMs));
    const runs = { count: 0 };
    const refill = job(intervalMs, false, runs);
    await refill.start();
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      expect(runs.count).toBe(0);
      expect(await stockOf()).toBe(2);
      await until('the next slot refilled', async () => (await stockOf()) === 40, 5_000);
      expect(runs.count).toBe(1);
    } finally {
      await refill.stop();
    }
  });

  it('with runOnStart, refills at once, and a second worker in the same slot does not', async () => {
    await t.db.menuItem.update({ where: { id: itemId }, data: { stock: 1 } });
    const runs = { count: 0 };
    const first = job(60 * 60_000, true, runs);
    const second = job(60 * 60_000, true, runs);
    await Promise.all([first.start(), second.start()]);
    try {
      await until('refilled', async () => (await stockOf()) === 40, 5_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(runs.count).toBe(1);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
