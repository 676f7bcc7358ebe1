// Every handler's log lines carry the event's correlation id, id, type and order, so grepping one
// order's id finds what each consumer group did with each of its events.
import type { Envelope } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';

import type { ConsumerHandler } from './consumers/consumer-declaration';

/** Gives `handle` a child of `log` for each event, and notes the event's arrival at debug. */
export function withEventLog(
  log: Logger,
  group: string,
  handle: ConsumerHandler,
): (envelope: Envelope) => Promise<void> {
  return async (envelope) => {
    const payload = envelope.payload as { orderId?: string };
    const eventLog = log.child({
      group,
      correlationId: envelope.correlationId,
      eventId: envelope.eventId,
      type: envelope.type,
      ...(payload.orderId ? { orderId: payload.orderId } : {}),
    });
    eventLog.debug('event received');
    await handle(envelope, eventLog);
  };
}
