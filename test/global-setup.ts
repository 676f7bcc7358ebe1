// Vitest global setup: real PostgreSQL and Redis for every test file. `npm test` provisions them
// and passes their URLs in; a bare `npx vitest` starts its own. Either way one migrated, seeded
// template database is built here, and each test file clones it (see @tiffin/stack/testing).
import type { TestProject } from 'vitest/node';

import type { Services } from '@tiffin/stack';
import { prepareDatabase, startServices } from '@tiffin/stack';
import { TEMPLATE_DATABASE } from '@tiffin/stack/testing';

let services: Services | undefined;

export default async function setup(project: TestProject) {
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
  await prepareDatabase(ownServices, TEMPLATE_DATABASE, { recreate: true, seed: true });
  project.provide('pgAdminUrl', given.admin);
  project.provide('redisUrl', given.redis);
  return async () => {
    await services?.stop();
  };
}
