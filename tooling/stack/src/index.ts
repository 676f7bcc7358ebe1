// @tiffin/stack: the whole stack in one place, for `npm start`, `npm test`, the benchmarks and
// the whole-process tests: real PostgreSQL and Redis, database preparation, the web build, the
// web and worker processes (supervised for `npm start`), and a signed-in HTTP client.
export * from './services';
export * from './session';
export * from './stack';
export * from './restart-policy';
export * from './supervisor';
export * from './mail-catcher';
export * from './stripe-web';
export * from './pgbouncer';
export * from './nginx';
export * from './multi-process';
export * from './redis-cluster';
