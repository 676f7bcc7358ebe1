// The process's in-memory session versions (SessionVersionCache), shared by Next's route bundle
// and server.ts, which subscribes it to bumps on a Redis connection of its own at startup.
import { SessionVersionCache } from '@tiffin/api';
import { createRedisClient } from '@tiffin/events';

import { getEnv } from '../env';
import { webLog } from './logger';
import { processSingleton } from './process-singleton';

const versions = processSingleton('session-versions', () => new SessionVersionCache());

export function getSessionVersions(): SessionVersionCache {
  return versions.get();
}

/** Subscribes to bumps; until the subscription is live, every check reads Redis as before. */
export function startSessionVersions(): void {
  const env = getEnv();
  const subscriber = createRedisClient({
    url: env.REDIS_URL,
    clusterNodes: env.REDIS_CLUSTER_NODES,
  });
  // Errors mean the subscription is down, which the cache sees through its close and end events.
  subscriber.on('error', () => undefined);
  getSessionVersions()
    .listen(subscriber)
    .catch((error: unknown) =>
      webLog().warn('session version bumps not subscribed', { error: String(error) }),
    );
}

export async function stopSessionVersions(): Promise<void> {
  await versions.clear()?.close();
}
