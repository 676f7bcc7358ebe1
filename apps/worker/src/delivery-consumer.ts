// The `delivery` consumer group: when an order leaves the kitchen it gets a Delivery; when the
// delivery is delivered, so is the order. Each effect is applied once (inbox) with its event.
import type { Db } from '@tiffin/db';
import type { Envelope } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import {
  createDeliveryForOrder,
  processOnce,
  StaleTransitionError,
  transitionOrder,
} from '@tiffin/domain';

export const DELIVERY_GROUP = 'delivery';

/** `log` is the event's own logger: it already carries the orderId and correlationId. */
export function deliveryHandler(db: Db, log: Logger) {
  return async (envelope: Envelope): Promise<void> => {
    const causation = { causationId: envelope.eventId };
    if (envelope.type === 'order.status_changed.v1') {
      const { orderId, to } = envelope.payload as Envelope<'order.status_changed.v1'>['payload'];
      if (to !== 'out_for_delivery') return;
      const result = await processOnce(db, DELIVERY_GROUP, envelope, (tx) =>
        createDeliveryForOrder(tx, orderId, causation),
      );
      if (result.applied && result.result.created) {
        log.info('delivery created', { deliveryId: result.result.deliveryId });
      }
      return;
    }
    if (envelope.type === 'delivery.status_changed.v1') {
      const { orderId, to } = envelope.payload as Envelope<'delivery.status_changed.v1'>['payload'];
      if (to !== 'delivered') return;
      try {
        const result = await processOnce(db, DELIVERY_GROUP, envelope, (tx) =>
          transitionOrder(tx, orderId, 'out_for_delivery', 'delivered', 'delivery', causation),
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
