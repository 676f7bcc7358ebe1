// Writes an event to the outbox in the caller's transaction: the state change and its event
// commit together or not at all (invariant 3). The relay publishes committed rows later.
import { createEnvelope, streamFor } from '@tiffin/events';
import type { Envelope, EventPayload, EventType } from '@tiffin/events';

import type { PrismaTransaction } from '../client';

export async function writeOutboxEvent<T extends EventType>(
  tx: PrismaTransaction,
  type: T,
  payload: EventPayload<T>,
  meta: { correlationId: string; causationId?: string; source: string },
): Promise<Envelope<T>> {
  const envelope = createEnvelope(type, payload, meta);
  await tx.outboxEvent.create({
    data: {
      id: envelope.eventId,
      type,
      stream: streamFor(type),
      source: envelope.source,
      payload: envelope.payload,
      correlationId: envelope.correlationId,
      causationId: envelope.causationId ?? null,
      createdAt: new Date(envelope.occurredAt),
    },
  });
  return envelope;
}
