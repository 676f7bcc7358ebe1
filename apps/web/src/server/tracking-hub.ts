// The process's one tracking reader (see @tiffin/events TrackingHub). Next's route bundle and
// server.ts are separate module instances, so it lives on globalThis.
import { Redis } from 'ioredis';

import { TrackingHub } from '@tiffin/events';

import { getEnv } from '../env';

const globalForHub = globalThis as typeof globalThis & { tiffinTrackingHub?: TrackingHub };

export function getTrackingHub(): TrackingHub {
  if (!globalForHub.tiffinTrackingHub) {
    const redis = new Redis(getEnv().REDIS_URL, { maxRetriesPerRequest: 3 });
    // Errors surface on the commands that fail; reconnecting is ioredis' job.
    redis.on('error', () => undefined);
    globalForHub.tiffinTrackingHub = new TrackingHub({
      redis,
      onError: (error) =>
        console.warn('[tracking] redis:', error instanceof Error ? error.message : error),
    });
  }
  return globalForHub.tiffinTrackingHub;
}

export async function stopTrackingHub(): Promise<void> {
  await globalForHub.tiffinTrackingHub?.stop();
  globalForHub.tiffinTrackingHub = undefined;
}
