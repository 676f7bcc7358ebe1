// The worker's configuration, read and validated in one place: a missing or invalid variable
// stops the process at start with one message that names every problem.
import { z } from 'zod';

import { parseEnvironment } from '@tiffin/config';
import { redisClusterNodesSchema, streamPartitionsSchema } from '@tiffin/config/redis-topology';
import { stripeKeyProblems, stripeKeysShape, WORKER_STRIPE_KEYS } from '@tiffin/config/stripe-keys';

const ms = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/** A simulator delay: "4000" or "4000±1000" (base ± jitter, milliseconds). */
const delay = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^\s*(\d+)\s*(?:(?:±|\+-|\+\/-)\s*(\d+))?\s*$/.exec(value);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: 'must be milliseconds, e.g. 4000 or 4000±1000' });
        return z.NEVER;
      }
      return { baseMs: Number(match[1]), jitterMs: Number(match[2] ?? 0) };
    });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  // Redis Cluster seeds (host:port, comma-separated); when set they win over REDIS_URL.
  REDIS_CLUSTER_NODES: redisClusterNodesSchema,
  // Partitions per event stream; fixed per deployment (changing it is a planned migration).
  STREAM_PARTITIONS: streamPartitionsSchema,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Health and metrics on a small, non-public HTTP port; 0 picks a free one.
  WORKER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  // Loopback by default, so only this machine reaches it; 0.0.0.0 where a scraper is elsewhere.
  WORKER_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HEALTH_FAILING_THRESHOLD_MS: ms(30_000),
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters long' }).optional(),
  // Streams and consumers.
  STREAM_MAX_LEN: z.coerce.number().int().positive().default(100_000),
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  CONSUMER_CLAIM_IDLE_MS: ms(30_000),
  CONSUMER_CLAIM_INTERVAL_MS: ms(5_000),
  CONSUMER_BLOCK_MS: ms(1_000),
  // Outbox relay.
  OUTBOX_SWEEP_MS: ms(1_000),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().positive().default(200),
  OUTBOX_RETENTION_MS: ms(24 * 60 * 60_000),
  // Simulator: defaults look real in a demo (seconds, not minutes).
  SIM_ENABLED: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  SIM_SPEED: z.coerce.number().positive().default(1),
  SIM_CONFIRM_MS: delay('4000±1500'),
  SIM_PREPARE_MS: delay('12000±4000'),
  SIM_PICKUP_MS: delay('6000±2000'),
  // Simulated couriers ride the straight line from the restaurant to the door at this speed.
  SIM_COURIER_SPEED_KMH: z.coerce.number().positive().default(25),
  // A delivery no person claims within this long goes to a simulated courier (÷ SIM_SPEED).
  DISPATCH_FALLBACK_MS: ms(30_000),
  // A new order its kitchen has not accepted within this long is cancelled (real time).
  KITCHEN_ACCEPT_TIMEOUT_MS: ms(5 * 60_000),
  // A card order not paid within this long is cancelled and its stock comes back (real time).
  PAYMENT_TIMEOUT_MS: ms(15 * 60_000),
  // Where the sandbox provider's webhooks are delivered (the web app's endpoint), and the secret
  // they are signed with (the web app verifies with the same one).
  PAYMENT_WEBHOOK_URL: z
    .url({ error: 'must be a URL, e.g. http://localhost:3000/api/payments/webhook' })
    .default('http://localhost:3000/api/payments/webhook'),
  // Unset outside production means the sandbox's published development secret.
  PAYMENT_WEBHOOK_SECRET: z
    .string()
    .min(16, { error: 'must be at least 16 characters long' })
    .optional(),
  // The currency payments are taken in (ISO 4217).
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'must be a three-letter ISO 4217 code, e.g. USD' })
    .default('USD'),
  // A timer claimed by a worker that died is fired by another after this long.
  TIMER_LEASE_MS: ms(30_000),
  // Stock refill.
  REFILL_INTERVAL_MS: ms(2 * 60 * 60_000),
  REFILL_THRESHOLD: z.coerce.number().int().nonnegative().default(5),
  REFILL_TARGET: z.coerce.number().int().positive().default(50),
  // Refills run on the clock; true also runs one when the worker starts (tests, after a restock).
  REFILL_ON_START: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  // Admins are alerted of an order that has not moved for this long (and of new dead letters).
  ORDER_STUCK_AFTER_MS: ms(30 * 60_000),
  // Email: the notifications consumer mails over SMTP_URL (npm start runs a local catcher when
  // it is unset); links point at NEXTAUTH_URL and unsubscribe links are signed with
  // NEXTAUTH_SECRET, as the web checks them. No SMTP_URL: no email.
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).default('Tiffin <orders@tiffin.localhost>'),
  NEXTAUTH_URL: z.url().default('http://localhost:3000'),
  NEXTAUTH_SECRET: z.string().min(16, { error: 'must be at least 16 characters long' }).optional(),
});

// Outside envSchema on purpose: an opt-in that compose leaves unset. With both Stripe keys set,
// refunds go through Stripe, like the web app's payments (docs/payments.md); the publishable key
// is the web's alone, so the worker leaves it out.
const optionalFeatureSchema = z.object({
  STRIPE_SECRET_KEY: stripeKeysShape.STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET: stripeKeysShape.STRIPE_WEBHOOK_SECRET,
});

// Outside envSchema too: set where DATABASE_URL goes through a pooler in transaction mode
// (PgBouncer in start:cluster), which cannot keep a LISTEN; the outbox relay listens here.
const directDatabaseSchema = z.object({
  DIRECT_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' })
    .optional(),
  // Tracing: spans go to this OTLP/HTTP collector (e.g. http://localhost:4318); unset records none.
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional(),
});

const schema = envSchema.extend(optionalFeatureSchema.shape).extend(directDatabaseSchema.shape);

export type WorkerEnv = z.infer<typeof schema>;

export class InvalidEnvError extends Error {
  override name = 'InvalidEnvError';
}

export function parseEnv(raw: Record<string, string | undefined>): WorkerEnv {
  const env = parseEnvironment(schema, raw, (problems) => {
    const named = problems.map(
      (p) => `  ${p.name}: ${p.unset ? 'is required but not set' : p.message}`,
    );
    throw new InvalidEnvError(`Invalid worker environment:\n${named.join('\n')}`);
  });
  const stripe = stripeKeyProblems(env, WORKER_STRIPE_KEYS);
  if (stripe.length > 0) {
    const named = stripe.map((p) => `  ${p.name}: ${p.message}`);
    throw new InvalidEnvError(`Invalid worker environment:\n${named.join('\n')}`);
  }
  return env;
}

export function loadEnv(): WorkerEnv {
  return parseEnv(process.env);
}
