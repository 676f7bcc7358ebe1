// A web process's in-memory session versions against the real Redis and PostgreSQL: a copy
// answers without Redis, a bump from another process drops it, a read racing a bump keeps
// nothing, and a lost subscription drops every copy until it is back.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { TestDatabase } from '@tiffin/stack/testing';
import { revokeSessions } from '@tiffin/domain';
import { sessionVersionKey } from '@tiffin/events';
import { connectTestRedis, createTestDatabase } from '@tiffin/stack/testing';

import { currentSessionVersion, rememberSessionVersion } from './current-session';
import { SessionVersionCache } from './session-version-cache';

let t: TestDatabase;
let redis: RedisClient;
const caches: SessionVersionCache[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
}, 120_000);

afterAll(async () => {
  await Promise.all(caches.map((cache) => cache.close()));
  redis?.disconnect();
  await t?.drop();
});

/** A process's cache, subscribed to bumps on a connection of its own. */
async function listeningCache(ttlMs?: number): Promise<SessionVersionCache> {
  const cache = new SessionVersionCache(ttlMs);
  caches.push(cache);
  const subscriber = connectTestRedis();
  subscriber.on('error', () => undefined);
  await cache.listen(subscriber);
  expect(cache.live).toBe(true);
  return cache;
}

async function newCustomer(): Promise<string> {
  const user = await t.db.user.create({
    data: { email: `${randomUUID()}@cache.test`, name: 'Cache Test', passwordHash: 'x' },
  });
  return user.id;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SessionVersionCache', () => {
  it('answers from its copy once read, without asking Redis again', async () => {
    const userId = await newCustomer();
    const local = await listeningCache();
    expect(await currentSessionVersion(t.db, redis, userId, local)).toBe(0);
    // Redis changed behind its back, with no bump announced: the copy still answers.
    await redis.set(sessionVersionKey(userId), '7', 'EX', 60);
    expect(await currentSessionVersion(t.db, redis, userId, local)).toBe(0);
    // Without a local cache, the same call reads Redis.
    expect(await currentSessionVersion(t.db, redis, userId)).toBe(7);
  });

  it('drops its copy when another process bumps the version, and reads the new one', async () => {
    const userId = await newCustomer();
    const here = await listeningCache();
    const elsewhere = await listeningCache();
    expect(await currentSessionVersion(t.db, redis, userId, here)).toBe(0);

    const version = await t.db.$transaction((tx) => revokeSessions(tx, userId));
    await rememberSessionVersion(redis, userId, version, false, elsewhere);

    await until(
      async () => (await currentSessionVersion(t.db, redis, userId, here)) === version,
      'the bump to reach the other process',
    );
    expect(version).toBe(1);
  });

  it('the process that bumps sees the new version on its very next read', async () => {
    const userId = await newCustomer();
    const local = await listeningCache();
    expect(await currentSessionVersion(t.db, redis, userId, local)).toBe(0);
    const version = await t.db.$transaction((tx) => revokeSessions(tx, userId));
    await rememberSessionVersion(redis, userId, version, false, local);
    expect(await currentSessionVersion(t.db, redis, userId, local)).toBe(version);
  });

  it('a disabled account reads as no session at once', async () => {
    const userId = await newCustomer();
    const local = await listeningCache();
    expect(await currentSessionVersion(t.db, redis, userId, local)).toBe(0);
    await rememberSessionVersion(redis, userId, 0, true, local);
    expect(await currentSessionVersion(t.db, redis, userId, local)).toBe(-1);
  });

  it('a read in flight when a bump arrives keeps nothing', async () => {
    const userId = randomUUID();
    const local = await listeningCache();
    let finishRead: (version: number) => void = () => undefined;
    const reading = local.versionOf(
      userId,
      () => new Promise<number>((resolve) => (finishRead = resolve)),
    );
    // The bump lands while the old version is on its way back.
    local.drop(userId);
    finishRead(3);
    expect(await reading).toBe(3);
    let reads = 0;
    const next = await local.versionOf(userId, () => {
      reads += 1;
      return Promise.resolve(4);
    });
    expect(next).toBe(4);
    expect(reads).toBe(1);
    // A read with no bump during it is kept.
    expect(await local.versionOf(userId, () => Promise.resolve(99))).toBe(4);
  });

  it('a failed read keeps nothing and leaves no read in flight behind', async () => {
    const userId = randomUUID();
    const local = await listeningCache();
    await expect(
      local.versionOf(userId, () => Promise.reject(new Error('database unavailable'))),
    ).rejects.toThrow('database unavailable');
    expect(await local.versionOf(userId, () => Promise.resolve(2))).toBe(2);
    expect(await local.versionOf(userId, () => Promise.resolve(5))).toBe(2);
  });

  it('keeps a copy no longer than its time to live', async () => {
    const userId = randomUUID();
    const local = await listeningCache(50);
    expect(await local.versionOf(userId, () => Promise.resolve(1))).toBe(1);
    expect(await local.versionOf(userId, () => Promise.resolve(2))).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await local.versionOf(userId, () => Promise.resolve(2))).toBe(2);
  });

  it('drops every copy when its subscription is cut, and keeps copies again once resubscribed', async () => {
    const userId = randomUUID();
    const local = new SessionVersionCache();
    caches.push(local);
    const subscriber = connectTestRedis({ connectionName: `versions-${userId}` });
    subscriber.on('error', () => undefined);
    await local.listen(subscriber);
    expect(await local.versionOf(userId, () => Promise.resolve(1))).toBe(1);

    // A reader in flight when the connection drops must not keep its answer either.
    let finishRead: (version: number) => void = () => undefined;
    const reading = local.versionOf(
      userId + '-other',
      () => new Promise<number>((resolve) => (finishRead = resolve)),
    );
    // Only this connection: other files on the suite's Redis keep theirs.
    const clients = String(await redis.client('LIST'));
    const id = /id=(\d+) [^\n]*name=versions-/.exec(
      clients.split('\n').find((line) => line.includes(`name=versions-${userId}`)) ?? '',
    )?.[1];
    expect(id).toBeDefined();
    expect(await redis.client('KILL', 'ID', id!)).toBe(1);
    await until(() => !local.live, 'the cut to be seen');
    finishRead(8);
    expect(await reading).toBe(8);
    // While down, nothing is answered from memory: the read goes through.
    expect(await local.versionOf(userId, () => Promise.resolve(2))).toBe(2);

    await until(() => local.live, 'the subscription to come back');
    expect(await local.versionOf(userId + '-other', () => Promise.resolve(9))).toBe(9);
    expect(await local.versionOf(userId, () => Promise.resolve(3))).toBe(3);
    expect(await local.versionOf(userId, () => Promise.resolve(4))).toBe(3);
  });
});
