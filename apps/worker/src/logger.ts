// Structured JSON log lines on stdout, one object per line, so logs can be grepped by field
// (correlationId, orderId, eventId). `child` adds fields to every line it writes.
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(minLevel: Level, base: LogFields = {}): Logger {
  const write =
    (level: Level) =>
    (msg: string, fields: LogFields = {}) => {
      if (order[level] < order[minLevel]) return;
      const line = { time: new Date().toISOString(), level, msg, ...base, ...fields };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => createLogger(minLevel, { ...base, ...fields }),
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
