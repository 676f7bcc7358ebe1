// The `simulator` consumer group: each order or delivery event schedules the simulator's next
// step as a durable timer. Only in the worker's list when SIM_ENABLED.
import { processOnce } from '@tiffin/domain';
import { STREAMS } from '@tiffin/events';

import { defineConsumer } from './consumer-declaration';

const GROUP = 'simulator';

export const simulatorConsumer = defineConsumer({
  group: GROUP,
  streams: [STREAMS.orders, STREAMS.deliveries],
  handler: ({ db, simulator }) => {
    if (!simulator) throw new Error('The simulator consumer runs only with the simulator enabled');
    return async (envelope) => {
      const next = simulator.nextStep(envelope);
      if (!next) return;
      // The inbox makes the decision once; the timer id makes scheduling itself idempotent too.
      await processOnce(db, GROUP, envelope, () => simulator.schedule(next));
    };
  },
});
