// The `kitchen-timeouts` consumer group: every new order gets a durable timer that cancels it if
// its kitchen has not answered within KITCHEN_ACCEPT_TIMEOUT_MS. Real platforms do this, so a
// customer never waits on a restaurant that is not looking.
import type { Envelope } from '@tiffin/events';
import { processOnce } from '@tiffin/domain';
import { STREAMS } from '@tiffin/events';

import { scheduleAcceptanceTimeout } from '../acceptance-timeout';
import { defineConsumer } from './consumer-declaration';

const GROUP = 'kitchen-timeouts';

export const kitchenTimeoutsConsumer = defineConsumer({
  group: GROUP,
  streams: [STREAMS.orders],
  handler: ({ db, timers, acceptTimeoutMs }) => {
    return async (envelope) => {
      if (envelope.type !== 'order.created.v1') return;
      const { orderId } = envelope.payload as Envelope<'order.created.v1'>['payload'];
      await processOnce(db, GROUP, envelope, () =>
        scheduleAcceptanceTimeout(
          timers,
          {
            orderId,
            correlationId: envelope.correlationId,
            placedAt: new Date(envelope.occurredAt),
          },
          acceptTimeoutMs,
        ),
      );
    };
  },
});
