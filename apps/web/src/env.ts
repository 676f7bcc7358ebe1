// The web app's configuration: the only module that reads `process.env`. Validated lazily, on
// first use, so `next build` can import every route without the runtime variables being set.
import { z } from 'zod';

import { parseEnvironment } from '@tiffin/config';

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
  NEXTAUTH_SECRET: z.string().min(32, { error: 'must be at least 32 characters long' }),
  NEXTAUTH_URL: z.url({ error: 'must be a URL, e.g. https://tiffin.example.com' }).optional(),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be between 1 and 65535' })
    .max(65535, { error: 'must be between 1 and 65535' })
    .default(3000),
  HOSTNAME: z.string().min(1).default('0.0.0.0'),
  // Bearer token for /api/metrics; in production metrics are not served without one.
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters long' }).optional(),
  // WebSocket keepAlive: ping every 30 s, drop a client that has not answered 5 s later.
  WS_PING_MS: z.coerce.number().int().positive().default(30_000),
  WS_PONG_WAIT_MS: z.coerce.number().int().positive().default(5_000),
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
});

const stripeKeys = {
  STRIPE_SECRET_KEY: z.string().startsWith('sk_', { error: 'must start with sk_' }).optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .startsWith('whsec_', { error: 'must start with whsec_' })
    .optional(),
};

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
  // Stripe: an opt-in too. With both set, card payments go through Stripe instead of the sandbox
  // (docs/payments.md); compose passes neither unless added to web's environment.
  ...stripeKeys,
});

const schema = envSchema.extend(testOnlySchema.shape).extend(optionalFeatureSchema.shape);

export type Env = z.infer<typeof schema>;

/** Validates raw variables; throws one error that names every missing or invalid variable. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  return parseEnvironment(schema, raw, (problems) => {
    const named = problems.map((p) => `${p.name}: ${p.unset ? 'is required' : p.message}`);
    throw new Error(`Invalid environment: ${named.join('; ')}`);
  });
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
