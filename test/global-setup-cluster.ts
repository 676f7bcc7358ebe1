// Vitest global setup of the Redis Cluster run (vitest.cluster.config.ts): the usual PostgreSQL,
// template database and single-node Redis, plus a 6-node Redis Cluster whose seeds go to every
// file as `redisClusterNodes`, so connectTestRedis() and the files' workers use the cluster.
// `npm test` starts the cluster and passes its seeds in; a bare run starts (and stops) its own.
import type { TestProject } from 'vitest/node';

import type { RunningRedisCluster } from '@tiffin/stack';
import { startRedisCluster } from '@tiffin/stack';

import { provideTestServices } from './test-services';

export default async function setup(project: TestProject) {
  const stopServices = await provideTestServices(project);
  let cluster: RunningRedisCluster | undefined;
  const given = process.env.TIFFIN_TEST_REDIS_CLUSTER_NODES;
  try {
    const seeds = given ? given.split(',') : (cluster = await startRedisCluster()).seeds;
    project.provide('redisClusterNodes', seeds);
  } catch (error) {
    await stopServices();
    throw error;
  }
  return async () => {
    await cluster?.stop();
    await stopServices();
  };
}
