// The worker's configuration, read and validated in one place: a missing or invalid variable
// stops the process at start with one message that names every problem.
import { z } from 'zod';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type WorkerEnv = z.infer<typeof envSchema>;

export class InvalidEnvError extends Error {
  override name = 'InvalidEnvError';
}

export function parseEnv(raw: Record<string, string | undefined>): WorkerEnv {
  const result = envSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return `  ${name}: ${raw[name] === undefined ? 'is required but not set' : issue.message}`;
  });
  throw new InvalidEnvError(`Invalid worker environment:\n${problems.join('\n')}`);
}

export function loadEnv(): WorkerEnv {
  return parseEnv(process.env);
}
