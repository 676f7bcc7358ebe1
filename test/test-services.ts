// The services every vitest global setup shares: PostgreSQL and a single-node Redis (handed in by
// `npm test`, or started here), and the migrated, seeded template database each file clones.
import type { TestProject } from 'vitest/node';

import type { Services } from '@tiffin/stack';
import { prepareDatabase, startServices } from '@tiffin/stack';
import { TEMPLATE_DATABASE } from '@tiffin/stack/testing';

/** Provides `pgAdminUrl` and `redisUrl`; the returned function stops what this call started. */
export async function provideTestServices(project: TestProject): Promise<() => Promise<void>> {
  let services: Services | undefined;
  const given = {
    admin: process.env.TIFFIN_TEST_PG_ADMIN_URL,
    redis: process.env.TIFFIN_TEST_REDIS_URL,
  };
  if (!given.admin || !given.redis) {
    services = await startServices('ephemeral');
    given.admin = services.postgres.url;
    given.redis = services.redis.url;
  }
  const ownServices: Services = services ?? {
    postgres: { url: given.admin, owned: true, stop: async () => undefined },
    redis: { url: given.redis, owned: true, stop: async () => undefined },
    stop: async () => undefined,
  };
  try {
    await prepareDatabase(ownServices, TEMPLATE_DATABASE, { recreate: true, seed: true });
  } catch (error) {
    await services?.stop();
    throw error;
  }
  project.provide('pgAdminUrl', given.admin);
  project.provide('redisUrl', given.redis);
  return async () => {
    await services?.stop();
  };
}
