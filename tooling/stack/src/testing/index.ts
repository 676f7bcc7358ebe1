// @tiffin/stack/testing: fixtures for vitest files. A database cloned from the seeded template,
// the test Redis with unique keys, people of every role and restaurants of their own, a TCP proxy
// that cuts a connection, the walk of the import graph, polling, and where a port listens.
export { repoRoot } from '../services';
export { TEMPLATE_DATABASE, createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
export {
  connectTestRedis,
  flushTestRedis,
  gate,
  orderCreated,
  recordingLog,
  startOwnTestRedis,
  testRedisClusterNodes,
  testRedisEnv,
  testRedisUrl,
  uniqueNames,
  waitFor,
} from './test-redis';
export type { LogLine, OwnTestRedis } from './test-redis';
export { createTestPerson, createTestRestaurant } from './role-fixtures';
export type {
  TestDish,
  TestPerson,
  TestPersonOptions,
  TestRestaurant,
  TestRestaurantOptions,
} from './role-fixtures';
export { startTcpProxy } from './tcp-proxy';
export type { TcpProxy } from './tcp-proxy';
export { repoRelative, walkImports } from './import-graph';
export type { ImportWalk } from './import-graph';
export { waitUntil } from './wait-until';
export { listeningAddresses } from './listening-addresses';
export { startStripeShapedServer } from './stripe-shaped-server';
export type { StripeRequest, StripeShapedServer } from './stripe-shaped-server';
export { jsonRecords, startTestStack } from './test-stack';
export type { TestStack } from './test-stack';
