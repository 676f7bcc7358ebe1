// The process's one tracking reader (see @tiffin/events TrackingHub), shared by Next's route
// bundle and server.ts.
import { createRedisClient, TrackingHub } from '@tiffin/events';

import { getEnv } from '../env';
import { webLog } from './logger';
import { processSingleton } from './process-singleton';

const hub = processSingleton('trackingHub', () => {
  const env = getEnv();
  const redis = createRedisClient(
    { url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES },
    { maxRetriesPerRequest: 3 },
  );
  // Errors surface on the commands that fail; reconnecting is ioredis' job.
  redis.on('error', () => undefined);
  return new TrackingHub({
    redis,
    onError: (error) => webLog().warn('tracking reader: redis error', { error: String(error) }),
    onDispatch: ({ envelope }, subscribers) => {
      const payload = envelope.payload as { orderId?: string };
      webLog().info('tracking push', {
        type: envelope.type,
        correlationId: envelope.correlationId,
        ...(payload.orderId ? { orderId: payload.orderId } : {}),
        subscribers,
      });
    },
  });
});

export function getTrackingHub(): TrackingHub {
  return hub.get();
}

export async function stopTrackingHub(): Promise<void> {
  await hub.clear()?.stop();
}
