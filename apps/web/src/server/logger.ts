// The web process's structured logger (pino via @tiffin/events/logger): JSON in production,
// pretty in development, secrets redacted. One per process.
import type { Logger } from '@tiffin/events/logger';
import { createLogger } from '@tiffin/events/logger';

import { getEnv } from '../env';
import { processSingleton } from './process-singleton';

const log = processSingleton('webLog', () => {
  const env = getEnv();
  return createLogger(
    env.LOG_LEVEL,
    { service: 'web', pid: process.pid },
    { pretty: env.NODE_ENV === 'development' },
  );
});

export function webLog(): Logger {
  return log.get();
}
