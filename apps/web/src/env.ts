// The web app's configuration: the only module that reads `process.env`. Validated lazily, on
// first use, so `next build` can import every route without the runtime variables being set.
import { isIP } from 'node:net';

import { z } from 'zod';

import { parseEnvironment } from '@tiffin/config';
import { redisClusterNodesSchema, streamPartitionsSchema } from '@tiffin/config/redis-topology';
import { stripeKeyProblems, stripeKeysShape, WEB_STRIPE_KEYS } from '@tiffin/config/stripe-keys';

import { parseAllowedOrigins } from './server/allowed-origins';

/** A rate limit: a positive whole number of requests per window. */
function limit(fallback: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(1_000_000, { error: 'must be at most 1000000' })
    .default(fallback);
}

const envSchema = z.object({
  DATABASE_URL: z.url({ error: 'must be a URL, e.g. postgresql://user:pass@host:5432/tiffin' }),
  // Checkout transactions queue for a connection under load; 20 keeps 32 clients busy on 2 cores.
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be between 1 and 200' })
    .max(200, { error: 'must be between 1 and 200' })
    .default(20),
  REDIS_URL: z.url({ error: 'must be a URL, e.g. redis://127.0.0.1:6379' }),
  // Redis Cluster seeds (host:port, comma-separated); when set they win over REDIS_URL.
  REDIS_CLUSTER_NODES: redisClusterNodesSchema,
  // Partitions per event stream; fixed per deployment (changing it is a planned migration).
  STREAM_PARTITIONS: streamPartitionsSchema,
  NEXTAUTH_SECRET: z.string().min(32, { error: 'must be at least 32 characters long' }),
  NEXTAUTH_URL: z.url({ error: 'must be a URL, e.g. https://tiffin.example.com' }).optional(),
  // Pages on these origins (besides the site's own) may open the WebSocket; comma-separated.
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((list, ctx) => {
      try {
        return parseAllowedOrigins(list);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: error instanceof Error ? error.message : 'invalid',
        });
        return z.NEVER;
      }
    }),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be between 1 and 65535' })
    .max(65535, { error: 'must be between 1 and 65535' })
    .default(3000),
  // The address the server listens on (see listenHost): loopback unless set, e.g. to 0.0.0.0.
  HOST: z.string().min(1).optional(),
  // Bearer token for /api/metrics; in production metrics are not served without one.
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters long' }).optional(),
  // WebSocket keepAlive: ping every 30 s, drop a client that has not answered 5 s later.
  WS_PING_MS: z.coerce.number().int().positive().default(30_000),
  WS_PONG_WAIT_MS: z.coerce.number().int().positive().default(5_000),
  // Abuse limits (packages/api/src/rate-limits/rate-limit-policy.ts); load tests raise them.
  SIGNIN_FAILURES_PER_ACCOUNT: limit(10),
  AUTH_REQUESTS_PER_IP_PER_MINUTE: limit(30),
  SIGNUPS_PER_IP_PER_HOUR: limit(10),
  ORDERS_PER_USER_PER_MINUTE: limit(10),
  // Reverse proxies in front of the web that append to X-Forwarded-For; 0 trusts the socket only.
  TRUST_PROXY: z.coerce
    .number({ error: 'must be a number of proxies' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be between 0 and 10' })
    .max(10, { error: 'must be between 0 and 10' })
    .default(0),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // The currency every price is shown in (ISO 4217); prices themselves are integer cents.
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'must be a three-letter ISO 4217 code, e.g. USD' })
    .refine((code) => Intl.supportedValuesOf('currency').includes(code), {
      error: 'must be a currency this Node.js knows, e.g. USD',
    })
    .default('USD'),
  // Verifies the sandbox payment provider's webhooks (the worker signs them with the same
  // secret). Required in production; unset elsewhere means the published development secret.
  PAYMENT_WEBHOOK_SECRET: z
    .string()
    .min(16, { error: 'must be at least 16 characters long' })
    .optional(),
});

// Outside envSchema on purpose: test/docker-config.test.ts wants each envSchema key set in compose
// and .env.example, and deployments must never set these.
const testOnlySchema = z.object({
  // `enabled` serves the qa.* e2e fixtures API. Test-only, never set in production deployments.
  QA_ROUTES: z.enum(['enabled'], { error: 'must be "enabled" or unset' }).optional(),
  // Where the Stripe SDK sends its API calls instead of Stripe: the e2e suite's local
  // Stripe-shaped server (Stripe can't be reached offline). Test-only, like QA_ROUTES.
  STRIPE_API_URL: z.url({ error: 'must be a URL, e.g. http://127.0.0.1:12111' }).optional(),
});

// Outside envSchema too: an opt-in that compose leaves unset. Real map tiles reach the network, so
// the maps draw our own streets unless someone sets a slippy-map template here on purpose.
const optionalFeatureSchema = z.object({
  // e.g. https://tile.example.org/{z}/{x}/{y}.png; read by the server and handed to the maps.
  NEXT_PUBLIC_MAP_TILE_URL: z
    .string()
    .refine((v) => ['{z}', '{x}', '{y}'].every((part) => v.includes(part)), {
      error: 'must be a tile URL template with {z}, {x} and {y}',
    })
    .optional(),
  // Stripe: an opt-in too. With all three set, card payments go through Stripe instead of the
  // sandbox (docs/payments.md); compose passes none unless added to web's environment.
  ...stripeKeysShape,
  // Tracing: spans go to this OTLP/HTTP collector (e.g. http://localhost:4318); unset records none.
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional(),
});

// Outside envSchema too: where npm start's local mail catcher stores what it receives (it sets
// this itself when SMTP_URL is unset); /dev/mail lists that folder. Unset: /dev/mail is empty.
const mailCatcherSchema = z.object({
  MAIL_CATCHER_DIR: z.string().min(1).optional(),
});

// Outside envSchema too: set where several web processes share a load balancer (start:cluster
// names them web-1, web-2…); answers then carry it in `x-tiffin-instance`. Unset: no header.
const instanceSchema = z.object({
  INSTANCE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,63}$/, { error: 'must be 1-63 letters, digits, dots, dashes' })
    .optional(),
});

// Outside envSchema too: the older name of HOST, still honoured when it holds an IP address.
const legacySchema = z.object({
  HOSTNAME: z.string().optional(),
});

const schema = envSchema
  .extend(testOnlySchema.shape)
  .extend(optionalFeatureSchema.shape)
  .extend(mailCatcherSchema.shape)
  .extend(instanceSchema.shape)
  .extend(legacySchema.shape);

export type Env = z.infer<typeof schema>;

/** Validates raw variables; throws one error that names every missing or invalid variable. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const env = parseEnvironment(schema, raw, (problems) => {
    const named = problems.map((p) => `${p.name}: ${p.unset ? 'is required' : p.message}`);
    throw new Error(`Invalid environment: ${named.join('; ')}`);
  });
  const stripe = stripeKeyProblems(env, WEB_STRIPE_KEYS);
  if (stripe.length > 0) {
    throw new Error(
      `Invalid environment: ${stripe.map((p) => `${p.name}: ${p.message}`).join('; ')}`,
    );
  }
  return env;
}

/** Stripe takes the card payments (all three keys set); otherwise the sandbox does. */
export function stripeConfigured(env: Pick<Env, 'STRIPE_PUBLISHABLE_KEY'>): boolean {
  return env.STRIPE_PUBLISHABLE_KEY !== undefined;
}

/**
 * HOST; else HOSTNAME when it is an IP address (earlier releases listened on it, e.g. 0.0.0.0);
 * else 127.0.0.1. A name in HOSTNAME is the machine's own (shells and Docker set it), not a choice.
 */
export function listenHost(env: Pick<Env, 'HOST' | 'HOSTNAME'>): string {
  if (env.HOST !== undefined) return env.HOST;
  if (env.HOSTNAME !== undefined && isIP(env.HOSTNAME) !== 0) return env.HOSTNAME;
  return '127.0.0.1';
}

let cached: Env | undefined;

/** The validated environment, parsed on first call and then reused. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Next reads this flag itself; setting it before Next starts keeps builds and servers quiet. */
export function disableNextTelemetry(): void {
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
}
