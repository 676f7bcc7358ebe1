// Session checks of one account asked in the same turn of the event loop share one lookup (a
// customer's sockets, rechecked together, must not cost one Redis read each), yet a check asked
// after a revocation always sees it: nothing is reused past the turn it was read in.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { TestDatabase } from '@tiffin/stack/testing';
import { sessionVersionKey } from '@tiffin/events';
import { connectTestRedis, createTestDatabase, testRedisUrl } from '@tiffin/stack/testing';

import { currentSessionVersion, rememberSessionVersion, sessionCheckFor } from './current-session';

let t: TestDatabase;
let redis: RedisClient;
let customerId: string;
let staffId: string;
const monitors: Redis[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  customerId = (await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } })).id;
  staffId = (await t.db.user.findUniqueOrThrow({ where: { email: 'staff@tiffin.test' } })).id;
});
afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.disconnect();
});
afterAll(async () => {
  redis?.disconnect();
  await t?.drop();
});

/** The GETs Redis runs from now on for `key`, as MONITOR sees them (single node only). */
async function watchGets(...keys: string[]): Promise<string[]> {
  const node = new Redis(testRedisUrl());
  const monitor = await node.monitor();
  node.disconnect();
  monitors.push(monitor);
  const gets: string[] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    const [name, key] = args;
    if (name?.toLowerCase() === 'get' && key && keys.includes(key)) gets.push(key);
  });
  return gets;
}

describe('session checks asked together', () => {
  it('forty checks of two accounts in one turn: one read per account, each check its own answer', async () => {
    const customerVersion = await currentSessionVersion(t.db, redis, customerId);
    const staffVersion = await currentSessionVersion(t.db, redis, staffId);
    const gets = await watchGets(sessionVersionKey(customerId), sessionVersionKey(staffId));
    // Each check is a connection of its own, some signed in at a version since superseded.
    const checks = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? sessionCheckFor(t.db, redis, customerId, customerVersion - (i % 4 === 0 ? 0 : 1))
        : sessionCheckFor(t.db, redis, staffId, staffVersion),
    );
    const answers = await Promise.all(checks.map((check) => check.stands()));
    expect(answers).toEqual(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? i % 4 === 0 : true)),
    );
    await expect.poll(() => gets.length).toBe(2);
    expect([...gets].sort()).toEqual(
      [sessionVersionKey(customerId), sessionVersionKey(staffId)].sort(),
    );
  });

  it('a check asked after a revocation sees it, though another check of the account read just before', async () => {
    const version = await currentSessionVersion(t.db, redis, customerId);
    const before = sessionCheckFor(t.db, redis, customerId, version);
    expect(await before.stands()).toBe(true);
    // Signed out elsewhere: the version moves on, and the cache with it.
    await rememberSessionVersion(redis, customerId, version + 1);
    const after = sessionCheckFor(t.db, redis, customerId, version);
    expect(await after.stands()).toBe(false);
    await rememberSessionVersion(redis, customerId, version);
  });
});
