// Structured logs (pino): JSON lines in production, pretty in development. Lines about an order
// carry its correlationId and orderId (`child` adds them), so grepping one id tells its story.
// Secrets never reach a log: known secret fields are redacted wherever they appear. A line
// written inside a span carries its traceId and spanId, so logs and traces join on one id.
import type { DestinationStream, LoggerOptions, Logger as PinoLogger } from 'pino';

import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import pino from 'pino';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
  /** Whether debug lines are written: a hot path skips building the fields of one that is not. */
  isDebugEnabled?(): boolean;
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

/** The active span's ids; nothing when there is none (no SDK, or outside any span). */
export function activeTraceFields(): { traceId?: string; spanId?: string } {
  const spanContext = trace.getSpanContext(context.active());
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}

function wrap(base: PinoLogger): Logger {
  return {
    debug: (msg, fields) => base.debug(fields ?? {}, msg),
    info: (msg, fields) => base.info(fields ?? {}, msg),
    warn: (msg, fields) => base.warn(fields ?? {}, msg),
    error: (msg, fields) => base.error(fields ?? {}, msg),
    child: (fields) => wrap(base.child(fields)),
    isDebugEnabled: () => base.isLevelEnabled('debug'),
  };
}

export function createLogger(
  level: 'debug' | 'info' | 'warn' | 'error',
  base: LogFields = {},
  opts: {
    pretty?: boolean;
    /** Where lines go instead of stdout (tests read them back). */
    destination?: DestinationStream;
  } = {},
): Logger {
  const options: LoggerOptions = {
    level,
    base,
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Read per line, not bound to a child: one logger serves many spans in turn.
    mixin: activeTraceFields,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(opts.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
  return wrap(opts.destination ? pino(options, opts.destination) : pino(options));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
