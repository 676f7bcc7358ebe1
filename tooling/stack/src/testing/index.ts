// @tiffin/stack/testing: fixtures for vitest files. A database cloned from the seeded template,
// the test Redis with unique keys, a TCP proxy that cuts a connection, and polling.
export { repoRoot } from '../services';
export { TEMPLATE_DATABASE, createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
export {
  connectTestRedis,
  gate,
  orderCreated,
  recordingLog,
  testRedisUrl,
  uniqueNames,
  waitFor,
} from './test-redis';
export type { LogLine } from './test-redis';
export { startTcpProxy } from './tcp-proxy';
export type { TcpProxy } from './tcp-proxy';
export { repoRelative, walkImports } from './import-graph';
export type { ImportWalk } from './import-graph';
export { waitUntil } from './wait-until';
