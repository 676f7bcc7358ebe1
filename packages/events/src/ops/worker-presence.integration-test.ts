import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { afterAll, describe, expect, it } from 'vitest';

import { connectTestRedis, waitFor } from '@tiffin/stack/testing';

import type { SimulatorInForce } from './worker-presence';
import { uniqueTestKeys } from '../contract/keys';
import { listWorkers, WorkerPresence } from './worker-presence';

const redis = connectTestRedis();
afterAll(() => redis.quit());

/** An index key of this test's own, in one slot with the per-worker keys. */
const uniqueKey = () => uniqueTestKeys('workers', randomBytes(4).toString('hex')).stream;

const simulator: SimulatorInForce = {
  enabled: true,
  settings: {
    speed: 2,
    timerLeaseMs: 30_000,
    confirm: { baseMs: 4_000, jitterMs: 1_500 },
    prepare: { baseMs: 12_000, jitterMs: 4_000 },
  },
};

describe('worker presence', () => {
  it('a started worker is listed with its host, pid and simulator settings; stop removes it at once', async () => {
    const key = uniqueKey();
    const presence = new WorkerPresence({ redis, simulator, key });

    await presence.start();
    const workers = await listWorkers(redis, { key });
    await presence.stop();

    expect(workers).toEqual([
      {
        id: `${hostname()}-${process.pid}`,
        host: hostname(),
        pid: process.pid,
        startedAt: expect.any(String),
        lastSeenAt: expect.any(String),
        simulator,
      },
    ]);
    expect(await listWorkers(redis, { key })).toEqual([]);
    expect(await redis.exists(key, `${key}:${presence.id}`)).toBe(0);
  });

  it('lists several workers oldest first, each with its own settings', async () => {
    const key = uniqueKey();
    const off: SimulatorInForce = { enabled: false, settings: { speed: 1 } };
    const a = new WorkerPresence({ redis, simulator, key, id: 'worker-a' });
    const b = new WorkerPresence({ redis, simulator: off, key, id: 'worker-b' });
    await a.start();
    await b.start();

    const workers = await listWorkers(redis, { key });
    await Promise.all([a.stop(), b.stop()]);

    expect(workers.map((w) => [w.id, w.simulator])).toEqual([
      ['worker-a', simulator],
      ['worker-b', off],
    ]);
  });

  it('refreshes on its interval, so a live worker stays listed past the TTL', async () => {
    const key = uniqueKey();
    const presence = new WorkerPresence({ redis, simulator, key, intervalMs: 50, ttlMs: 200 });
    await presence.start();
    const [first] = await listWorkers(redis, { key });

    await new Promise((resolve) => setTimeout(resolve, 400));
    const [later] = await listWorkers(redis, { key });
    await presence.stop();

    expect(later?.startedAt).toBe(first?.startedAt);
    expect(later && first && later.lastSeenAt > first.lastSeenAt).toBe(true);
  });

  it('a worker that dies without stopping drops out after the TTL, and its id is pruned', async () => {
    const key = uniqueKey();
    // Its own connection, cut below: the process is gone, nobody deletes its key.
    const doomed = connectTestRedis();
    const dead = new WorkerPresence({
      redis: doomed,
      simulator,
      key,
      id: 'dead',
      intervalMs: 50,
      ttlMs: 150,
      onError: () => undefined,
    });
    const alive = new WorkerPresence({ redis, simulator, key, id: 'alive' });
    await dead.start();
    await alive.start();
    expect((await listWorkers(redis, { key })).map((w) => w.id).sort()).toEqual(['alive', 'dead']);
    doomed.disconnect();

    await waitFor('the dead worker to expire', async () =>
      (await listWorkers(redis, { key })).every((w) => w.id !== 'dead'),
    );
    const remaining = await listWorkers(redis, { key });
    await alive.stop();

    expect(remaining.map((w) => w.id)).toEqual(['alive']);
    expect(await redis.smembers(key)).toEqual([]);
  });

  it('skips an entry it cannot read instead of failing the whole list', async () => {
    const key = uniqueKey();
    const good = new WorkerPresence({ redis, simulator, key, id: 'good' });
    await good.start();
    await redis.multi().sadd(key, 'garbled').set(`${key}:garbled`, '{"id":1}', 'PX', 10_000).exec();

    const workers = await listWorkers(redis, { key });
    await good.stop();
    await redis.del(`${key}:garbled`, key);

    expect(workers.map((w) => w.id)).toEqual(['good']);
  });
});
