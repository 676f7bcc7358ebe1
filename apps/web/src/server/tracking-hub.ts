// The process's one tracking reader (see @tiffin/events TrackingHub). Next's route bundle and
// server.ts are separate module instances, so it lives on globalThis.
import { Redis } from 'ioredis';

import { TrackingHub } from '@tiffin/events';

import { getEnv } from '../env';
import { webLog } from './logger';

const globalForHub = globalThis as typeof globalThis & { tiffinTrackingHub?: TrackingHub };

export function getTrackingHub(): TrackingHub {
  if (!globalForHub.tiffinTrackingHub) {
    const redis = new Redis(getEnv().REDIS_URL, { maxRetriesPerRequest: 3 });
    // Errors surface on the commands that fail; reconnecting is ioredis' job.
    redis.on('error', () => undefined);
    globalForHub.tiffinTrackingHub = new TrackingHub({
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
  }
  return globalForHub.tiffinTrackingHub;
}

export async function stopTrackingHub(): Promise<void> {
  await globalForHub.tiffinTrackingHub?.stop();
  globalForHub.tiffinTrackingHub = undefined;
}
