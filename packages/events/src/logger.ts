// Structured logs (pino): JSON lines in production, pretty in development. Lines about an order
// carry its correlationId and orderId (`child` adds them), so grepping one id tells its story.
// Secrets never reach a log: known secret fields are redacted wherever they appear.
import type { Logger as PinoLogger } from 'pino';

import pino from 'pino';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export const REDACTED_PATHS = [
  'password',
  'passwordHash',
  'authorization',
  'cookie',
  'token',
  'secret',
  '*.password',
  '*.passwordHash',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.secret',
];

function wrap(base: PinoLogger): Logger {
  return {
    debug: (msg, fields) => base.debug(fields ?? {}, msg),
    info: (msg, fields) => base.info(fields ?? {}, msg),
    warn: (msg, fields) => base.warn(fields ?? {}, msg),
    error: (msg, fields) => base.error(fields ?? {}, msg),
    child: (fields) => wrap(base.child(fields)),
  };
}

export function createLogger(
  level: 'debug' | 'info' | 'warn' | 'error',
  base: LogFields = {},
  opts: { pretty?: boolean } = {},
): Logger {
  const logger = pino({
    level,
    base,
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(opts.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
  return wrap(logger);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
