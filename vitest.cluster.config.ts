// The event-path integration tests again, on a real 6-node Redis Cluster (`npm run test:cluster`,
// and a step of `npm test`): a command or Lua script whose keys span slots fails there with
// CROSSSLOT, so this run is what backs "nothing takes more than one slot".
import { defineConfig } from 'vitest/config';

/** Files whose keys are their own (unique names, per-entity tags): they run side by side. */
const sharedKeys = [
  'packages/events/src/runner/consumer-group.integration-test.ts',
  'packages/events/src/runner/dead-letters.integration-test.ts',
  'packages/events/src/runner/handler-span.integration-test.ts',
  'packages/events/src/runner/publisher.integration-test.ts',
  'packages/events/src/ops/cli.integration-test.ts',
  'packages/events/src/ops/recent-events.integration-test.ts',
  'packages/events/src/ops/simulator-holds.integration-test.ts',
  'packages/events/src/ops/stream-stats.integration-test.ts',
  'packages/events/src/ops/worker-presence.integration-test.ts',
  'apps/worker/src/admin-alerts.integration-test.ts',
  'apps/worker/src/tracking-projection.integration-test.ts',
  'apps/worker/src/worker-http.integration-test.ts',
  'apps/worker/src/worker-process.integration-test.ts',
  'apps/worker/src/consumers/account-mail.integration-test.ts',
  'apps/worker/src/consumers/notification-mail.integration-test.ts',
  'apps/worker/src/consumers/notifications.integration-test.ts',
  'packages/api/src/tracking/track-order.integration-test.ts',
  'packages/api/src/tracking/swapped-fanout.integration-test.ts',
  'packages/api/src/tracking/order-tracking-batch.integration-test.ts',
  'packages/api/src/routers/courier-router.integration-test.ts',
  'packages/api/src/routers/kitchen-router.integration-test.ts',
  'packages/api/src/routers/notification-router.integration-test.ts',
  'packages/api/src/fuzz/all-procedures.integration-test.ts',
  'packages/api/src/rate-limits/rate-limits.integration-test.ts',
];

/**
 * Files that need the product's fixed keys (timers, the real streams) to themselves: on one node
 * each starts a redis-server of its own; here each flushes the cluster (startOwnTestRedis), so
 * they run one at a time, after the files above.
 */
const ownKeys = [
  'tooling/stack/src/testing/test-redis.cluster-test.ts',
  'apps/worker/src/autopilot.integration-test.ts',
  'apps/worker/src/durable-timers.integration-test.ts',
  'apps/worker/src/durable-timers-trace.integration-test.ts',
  'apps/worker/src/outbox-relay.integration-test.ts',
  'apps/worker/src/outbox-relay-logs.integration-test.ts',
  'apps/worker/src/payment-tasks.integration-test.ts',
  'apps/worker/src/refill-job.integration-test.ts',
  'apps/worker/src/simulator-holds.integration-test.ts',
  'packages/api/src/routers/admin-router.integration-test.ts',
  'packages/api/src/routers/dev-router.integration-test.ts',
  'packages/api/src/routers/qa-router.integration-test.ts',
];

// Left out, each for its reason:
// redis-availability: it talks to no Redis at all (a closed port).
// tracking-hub: it cuts one node's TCP connection through a proxy; a cluster client would
//   find the nodes' real addresses and go round it (the hub on a cluster: track-order).
// event-backbone: it restarts its redis-server from its data folder mid-test; the same
//   lifecycle on a cluster, with a master killed, is redis-cluster.integration-test.ts.
// outbox-relay-pgbouncer: its subject is PgBouncer; its relay path is outbox-relay's.
// apps/web and test/ whole-server tests: each needs the production build and web processes
//   (minutes here); the keys they add (session versions, rate limits) are single-key, and
//   the API's procedures are all called on the cluster by all-procedures and the routers.

// Integration tests start real processes and run hundreds of transactions.
const timeouts = { testTimeout: 120_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup-cluster.ts'],
    projects: [
      {
        test: {
          name: 'cluster, shared keys',
          include: sharedKeys,
          pool: 'forks',
          ...timeouts,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'cluster, own keys',
          include: ownKeys,
          pool: 'forks',
          fileParallelism: false,
          ...timeouts,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
