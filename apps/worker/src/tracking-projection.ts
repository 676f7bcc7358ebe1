// The order's "delivered" is caused by the delivery's, but the two reach the tracking projection
// through two streams, each with its own consumer, so the order's could be projected first and
// end every subscription before the delivery shows as delivered. The delivery group, which turns
// the one into the other, therefore projects the delivery's final event itself before it commits
// the order's; the tracking group's later projection of it is a no-op (one per event id).
import type { Envelope, RedisClient } from '@tiffin/events';
import { projectForTracking } from '@tiffin/events';

/** The delivery's final event: the one whose handling makes the order delivered. */
export function isDeliveryDelivered(envelope: Envelope): boolean {
  if (envelope.type !== 'delivery.status_changed.v1') return false;
  return (envelope.payload as Envelope<'delivery.status_changed.v1'>['payload']).to === 'delivered';
}

/** Wraps the delivery group's handler so the delivery's "delivered" is tracked before the order's. */
export function trackDeliveredFirst(
  redis: RedisClient,
  handle: (envelope: Envelope) => Promise<void>,
): (envelope: Envelope) => Promise<void> {
  return async (envelope) => {
    if (isDeliveryDelivered(envelope)) await projectForTracking(redis, envelope);
    await handle(envelope);
  };
}
