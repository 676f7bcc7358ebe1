// The `delivery` consumer group: when the kitchen accepts an order it gets a Delivery (offered to
// couriers while the food is cooked); when the delivery is delivered, so is the order, in the
// courier's name. Each effect is applied once (inbox) with its event.
import type { Db } from '@tiffin/db';
import type { Envelope } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import {
  createDeliveryForOrder,
  processOnce,
  StaleTransitionError,
  transitionOrder,
} from '@tiffin/domain';
import { STREAMS } from '@tiffin/events';

import { trackDeliveredFirst } from '../tracking-projection';
import { defineConsumer } from './consumer-declaration';

const GROUP = 'delivery';

export const deliveryConsumer = defineConsumer({
  group: GROUP,
  streams: [STREAMS.orders, STREAMS.deliveries],
  // The delivery's "delivered" reaches tracking before the order's it causes.
  handler: ({ db, redis }) => {
    return (envelope, log) => trackDeliveredFirst(redis, deliveryHandler(db, log))(envelope);
  },
});

/** The group's own work, without the tracking step. `log` is the event's own logger. */
export function deliveryHandler(db: Db, log: Logger) {
  return async (envelope: Envelope): Promise<void> => {
    const causation = { causationId: envelope.eventId };
    if (envelope.type === 'order.status_changed.v1') {
      const { orderId, to } = envelope.payload as Envelope<'order.status_changed.v1'>['payload'];
      if (to !== 'confirmed') return;
      const result = await processOnce(db, GROUP, envelope, (tx) =>
        createDeliveryForOrder(tx, orderId, causation),
      );
      if (result.applied && result.result.created && result.result.deliveryId) {
        log.info('delivery created', { deliveryId: result.result.deliveryId });
      }
      return;
    }
    if (envelope.type === 'delivery.status_changed.v1') {
      const { orderId, to, actor } =
        envelope.payload as Envelope<'delivery.status_changed.v1'>['payload'];
      if (to !== 'delivered') return;
      try {
        const result = await processOnce(db, GROUP, envelope, (tx) =>
          transitionOrder(tx, orderId, 'out_for_delivery', 'delivered', actor, causation),
        );
        // A repeat of the event changed nothing, so it says nothing.
        if (result.applied) {
          log.info('order delivered');
        }
      } catch (error) {
        // Already delivered (someone marked it by hand): the goal of this event is met.
        if (!(error instanceof StaleTransitionError)) throw error;
      }
    }
  };
}
