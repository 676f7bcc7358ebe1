// The web process's structured logger (pino via @tiffin/events/logger): JSON in production,
// pretty in development, secrets redacted. One per process, on globalThis.
import type { Logger } from '@tiffin/events/logger';
import { createLogger } from '@tiffin/events/logger';

import { getEnv } from '../env';

const globalForLog = globalThis as typeof globalThis & { tiffinWebLog?: Logger };

export function webLog(): Logger {
  if (!globalForLog.tiffinWebLog) {
    const env = getEnv();
    globalForLog.tiffinWebLog = createLogger(
      env.LOG_LEVEL,
      { service: 'web', pid: process.pid },
      { pretty: env.NODE_ENV === 'development' },
    );
  }
  return globalForLog.tiffinWebLog;
}
