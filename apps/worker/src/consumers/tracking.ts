// The `tracking` consumer group: projects order, delivery and menu events into the tracking
// streams that every web process's live order pages and menus read.
import { projectForTracking, STREAMS } from '@tiffin/events';

import { defineConsumer } from './consumer-declaration';

export const trackingConsumer = defineConsumer({
  group: 'tracking',
  streams: [STREAMS.orders, STREAMS.deliveries, STREAMS.menu],
  handler: ({ redis }) => {
    return async (envelope) => {
      await projectForTracking(redis, envelope);
    };
  },
});
