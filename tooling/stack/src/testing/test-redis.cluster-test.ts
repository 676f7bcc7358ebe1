// Only in the cluster run (vitest.cluster.config.ts): the test Redis fixtures really are the
// Redis Cluster there, so a command over two slots fails with CROSSSLOT as it would in production.
import { afterAll, describe, expect, it } from 'vitest';

import { isCluster } from '@tiffin/events';

import { connectTestRedis, flushTestRedis, startOwnTestRedis, testRedisEnv } from './test-redis';

const redis = connectTestRedis();
afterAll(() => redis.quit());

describe('the test Redis in the cluster run', () => {
  it('connectTestRedis is a cluster client, and a command over two slots fails', async () => {
    expect(isCluster(redis)).toBe(true);
    await expect(redis.mget('test:{fixture-a}:k', 'test:{fixture-b}:k')).rejects.toThrow(
      /CROSSSLOT/,
    );
  });

  it('spawned processes get the seeds, and a file’s own Redis is the cluster, flushed', async () => {
    expect(testRedisEnv().REDIS_CLUSTER_NODES?.split(',')).toHaveLength(6);
    const keys = Array.from({ length: 30 }, (_, i) => `test:{fixture-${i}}:k`);
    await Promise.all(keys.map((key) => redis.set(key, '1')));
    const own = await startOwnTestRedis();
    const client = own.connect();
    expect(isCluster(client)).toBe(true);
    expect(await Promise.all(keys.map((key) => client.exists(key)))).toEqual(keys.map(() => 0));
    client.disconnect();
    await own.stop();
  });

  it('flushTestRedis empties all three masters', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `test:{fixture-${i}}:k`);
    await Promise.all(keys.map((key) => redis.set(key, '1')));
    expect(isCluster(redis) && redis.nodes('master')).toHaveLength(3);
    await flushTestRedis(redis);
    expect(await Promise.all(keys.map((key) => redis.exists(key)))).toEqual(keys.map(() => 0));
  });
});
