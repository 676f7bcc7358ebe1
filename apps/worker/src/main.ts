// The worker process, assembled: its connections, metrics and health port, the outbox relay, its
// presence, the stock refill, the durable timers (acceptance and payment timeouts, the autopilot's
// steps, webhook deliveries) and one consumer group per declared consumer and stream. Stateless: run as many as you like.
// On SIGTERM/SIGINT it stops reading, finishes what is in flight, releases timers, and exits 0.
import os from 'node:os';

import { choosePaymentProvider, sandboxWebhookSecret } from '@tiffin/domain';
import { ConsumerGroup, streamPartitions, WorkerPresence } from '@tiffin/events';
import { createLogger, errorMessage } from '@tiffin/events/logger';
import { startTracing } from '@tiffin/events/tracing-sdk';

import type { AutopilotSettings } from './autopilot';
import type { ConsumerDeclaration, ConsumerDeps } from './consumers';
import type { NamedPart } from './lifecycle';
import type { TimerTask } from './timer-tasks';
import { acceptanceTimeoutHandler } from './acceptance-timeout';
import { AdminAlerts } from './admin-alerts';
import { Autopilot } from './autopilot';
import { workerConnections } from './connections';
import {
  accountMailConsumer,
  autopilotConsumer,
  deliveryConsumer,
  kitchenTimeoutsConsumer,
  notificationsConsumer,
  paymentsConsumer,
  trackingConsumer,
} from './consumers';
import { DurableTimers } from './durable-timers';
import { InvalidEnvError, loadEnv } from './env';
import { withEventLog } from './event-log';
import { inOrder, together } from './lifecycle';
import { smtpMailer } from './mailer';
import { createWorkerMetrics } from './metrics';
import { OutboxRelay } from './outbox-relay';
import { paymentTimeoutHandler, webhookDeliveryHandler } from './payment-tasks';
import { RefillJob } from './refill-job';
import { fireByKind } from './timer-tasks';
import { WorkerHttp } from './worker-http';

function readEnv() {
  try {
    return loadEnv();
  } catch (error) {
    if (error instanceof InvalidEnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const env = readEnv();
// First, so every span, envelope and log line after this point can carry trace context.
const tracing = startTracing({
  serviceName: 'tiffin-worker',
  otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
});
const webhookSecret = sandboxWebhookSecret(env.PAYMENT_WEBHOOK_SECRET, env.NODE_ENV);
if (!webhookSecret) {
  console.error('Invalid environment:\n  PAYMENT_WEBHOOK_SECRET: is required in production');
  process.exit(1);
}
const log = createLogger(
  env.LOG_LEVEL,
  { service: 'worker', pid: process.pid },
  { pretty: env.NODE_ENV === 'development' },
);
const connections = workerConnections(env, log);
const { db, redis, relayRedis } = connections;

const metrics = createWorkerMetrics({
  databaseUrl: env.DATABASE_URL,
  redis,
  timerCounts: () => timers.counts(),
  log: log.child({ component: 'metrics' }),
});

const relay = new OutboxRelay({
  databaseUrl: env.DATABASE_URL,
  listenUrl: env.DIRECT_DATABASE_URL,
  redis: relayRedis,
  log: log.child({ component: 'outbox-relay' }),
  batchSize: env.OUTBOX_BATCH_SIZE,
  sweepMs: env.OUTBOX_SWEEP_MS,
  retentionMs: env.OUTBOX_RETENTION_MS,
  maxLen: env.STREAM_MAX_LEN,
  onPublished: (ages) => metrics.onPublished(ages),
});

const autopilotSettings: AutopilotSettings = {
  speed: env.SIM_SPEED,
  confirm: env.SIM_CONFIRM_MS,
  prepare: env.SIM_PREPARE_MS,
  pickup: env.SIM_PICKUP_MS,
  courierKmh: env.SIM_COURIER_SPEED_KMH,
  dispatchFallbackMs: env.DISPATCH_FALLBACK_MS,
  rideTickMs: 1_000,
};
const timerLog = log.child({ component: 'timers' });
// One timer set for every purpose; any worker fires any timer, so every kind is handled here.
const timers: DurableTimers<TimerTask> = new DurableTimers<TimerTask>({
  redis,
  log: timerLog,
  fire: (id, task) => fire(id, task),
  leaseMs: env.TIMER_LEASE_MS,
  onFired: () => metrics.timerFired(),
});
const autopilot = new Autopilot(
  db,
  redis,
  timers,
  autopilotSettings,
  log.child({ component: 'autopilot' }),
);
const fire = fireByKind(
  {
    'acceptance-timeout': acceptanceTimeoutHandler(db, timerLog),
    'payment-timeout': paymentTimeoutHandler(db, timerLog),
    'webhook-delivery': webhookDeliveryHandler(
      timers,
      { url: env.PAYMENT_WEBHOOK_URL, secret: webhookSecret },
      timerLog,
    ),
    'autopilot-step': autopilot.fireStep,
    'dispatch-fallback': autopilot.fireFallback,
    ride: autopilot.fireRide,
  },
  timerLog,
);

// The dev tools page lists the live workers and the simulator settings each one runs with.
const presence = new WorkerPresence({
  redis,
  simulator: {
    enabled: env.SIM_ENABLED,
    settings: {
      ...autopilotSettings,
      timerLeaseMs: env.TIMER_LEASE_MS,
      kitchenAcceptTimeoutMs: env.KITCHEN_ACCEPT_TIMEOUT_MS,
    },
  },
  onError: (error) => log.debug('worker presence refresh failed', { error: errorMessage(error) }),
});

const refill = new RefillJob({
  db,
  redis,
  log: log.child({ component: 'refill' }),
  intervalMs: env.REFILL_INTERVAL_MS,
  threshold: env.REFILL_THRESHOLD,
  target: env.REFILL_TARGET,
  owner: `${os.hostname()}-${process.pid}`,
  runOnStart: env.REFILL_ON_START,
  onRun: () => metrics.refillRan(),
});

const adminAlerts = new AdminAlerts({
  db,
  redis,
  log: log.child({ component: 'admin-alerts' }),
  stuckAfterMs: env.ORDER_STUCK_AFTER_MS,
  intervalMs: 15_000,
});

const consumers: ConsumerDeclaration[] = [
  deliveryConsumer,
  trackingConsumer,
  kitchenTimeoutsConsumer,
  paymentsConsumer,
  notificationsConsumer,
  accountMailConsumer,
  ...(env.SIM_ENABLED ? [autopilotConsumer] : []),
];
if (env.SMTP_URL && !env.NEXTAUTH_SECRET) {
  console.error(
    'Invalid worker environment:\n  NEXTAUTH_SECRET: is required with SMTP_URL (it signs unsubscribe links)',
  );
  process.exit(1);
}
const mailer = env.SMTP_URL ? smtpMailer(env.SMTP_URL, env.MAIL_FROM) : null;
const deps: ConsumerDeps = {
  db,
  redis,
  timers,
  autopilot,
  acceptTimeoutMs: env.KITCHEN_ACCEPT_TIMEOUT_MS,
  payments: {
    provider: choosePaymentProvider(db, {
      currency: env.CURRENCY,
      environment: env.NODE_ENV,
      webhookSecret,
      stripeSecretKey: env.STRIPE_SECRET_KEY,
      stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET,
    }),
    timeoutMs: env.PAYMENT_TIMEOUT_MS,
  },
  mail:
    mailer && env.NEXTAUTH_SECRET
      ? { mailer, settings: { siteUrl: env.NEXTAUTH_URL, secret: env.NEXTAUTH_SECRET } }
      : null,
};
const groups = consumers.flatMap(({ group, streams, handler }) => {
  const handle = withEventLog(log, group, handler(deps));
  return streams.map(
    (stream) =>
      new ConsumerGroup({
        redis,
        stream: streamPartitions(stream),
        group,
        handler: handle,
        maxAttempts: env.CONSUMER_MAX_ATTEMPTS,
        claimIdleMs: env.CONSUMER_CLAIM_IDLE_MS,
        claimIntervalMs: env.CONSUMER_CLAIM_INTERVAL_MS,
        blockMs: env.CONSUMER_BLOCK_MS,
        log: log.child({ component: 'consumer', group, stream }),
        onOutcome: (report) => metrics.onOutcome(report),
      }),
  );
});

const http = new WorkerHttp(
  { host: env.WORKER_HTTP_HOST, port: env.WORKER_HTTP_PORT },
  {
    db,
    metrics: metrics.registry,
    metricsToken: env.METRICS_TOKEN,
    production: env.NODE_ENV === 'production',
    redis: relayRedis,
    relay,
    groups,
    failingThresholdMs: env.HEALTH_FAILING_THRESHOLD_MS,
  },
);

// Started top to bottom, stopped bottom to top: every consumer group stops reading at once, the
// handlers and timers in flight finish while the relay still publishes what they write, and the
// connections close last. The health port opens once everything runs, so its first ready answer
// is already true, and it closes first, as the worker stops being ready.
const parts: NamedPart[] = [
  // Stopped last, so the spans of everything that stopped before it are sent.
  ['tracing', { start: () => Promise.resolve(), stop: () => tracing.stop() }],
  ['connections', connections],
  ['metrics', metrics],
  ['outbox relay', relay],
  ['presence', presence],
  ['refill', refill],
  ['admin alerts', adminAlerts],
  ['timers', timers],
  ['consumers', together(groups)],
  ['http', http],
];
const worker = inOrder(parts, log);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info('worker stopping', { signal });
  await worker.stop();
  log.info('worker stopped');
  process.exit(0);
}

process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

worker.start().then(
  () =>
    log.info('worker ready', {
      httpHost: http.host,
      httpPort: http.port,
      postgres: 'connected',
      redis: 'connected',
      consumers: groups.map((g) => g.consumerName),
      simulator: env.SIM_ENABLED ? { speed: env.SIM_SPEED } : 'off',
      tracing: tracing.exporting ? 'otlp' : 'ids only',
    }),
  (error: unknown) => {
    log.error('worker failed to start', { error: errorMessage(error) });
    process.exit(1);
  },
);
