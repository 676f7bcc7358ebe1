// The `autopilot` consumer group: each order, delivery and restaurant event may schedule the
// autopilot's next step as a durable timer (for restaurants with the autopilot switched on). In
// the worker's list only when SIM_ENABLED.
import { processOnce } from '@tiffin/domain';
import { STREAMS } from '@tiffin/events';

import { AUTOPILOT_EVENTS } from '../autopilot';
import { defineConsumer } from './consumer-declaration';

const GROUP = 'autopilot';

export const autopilotConsumer = defineConsumer({
  group: GROUP,
  streams: [STREAMS.orders, STREAMS.deliveries, STREAMS.menu],
  handler: ({ db, autopilot }) => {
    // The inbox makes each decision once; timer ids make the scheduling itself idempotent too.
    // Stock changes share the menu stream and never concern the autopilot: no inbox row for them.
    return async (envelope) => {
      if (!AUTOPILOT_EVENTS.has(envelope.type)) return;
      await processOnce(db, GROUP, envelope, () => autopilot.onEvent(envelope));
    };
  },
});
