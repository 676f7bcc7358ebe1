// Writes events to the outbox in the caller's transaction: the state change and its events
// commit together or not at all. The relay publishes committed rows later.
import type { PrismaTransaction } from '@tiffin/db';
import type { Envelope, EventPayload, EventType } from '@tiffin/events';
import { createEnvelope, streamFor } from '@tiffin/events';

export interface EventMeta {
  correlationId: string;
  causationId?: string;
  source: string;
}

/** Validates and wraps one event; a payload that fails its schema throws here, before any write. */
export function event<T extends EventType>(type: T, payload: EventPayload<T>, meta: EventMeta) {
  return createEnvelope(type, payload, meta);
}

/**
 * Writes events in the order given (their `seq` follows it). One `create` each: Prisma caches
 * the plan of `create` but compiles `createMany` afresh on every call, which costs more.
 */
export async function writeOutboxEvents(
  tx: PrismaTransaction,
  envelopes: Envelope[],
): Promise<void> {
  for (const envelope of envelopes) {
    await tx.outboxEvent.create({ data: outboxRow(envelope), select: { id: true } });
  }
}

/** The OutboxEvent row for an envelope. */
export function outboxRow(envelope: Envelope) {
  return {
    id: envelope.eventId,
    type: envelope.type,
    stream: streamFor(envelope.type),
    source: envelope.source,
    payload: envelope.payload,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId ?? null,
    createdAt: new Date(envelope.occurredAt),
    traceparent: envelope.traceparent ?? null,
    tracestate: envelope.tracestate ?? null,
  };
}

/** What an outbox row carries back, as an envelope: `outboxRow`'s inverse (the relay publishes this). */
export function envelopeFromOutboxRow(row: {
  id: string;
  type: string;
  source: string;
  payload: unknown;
  correlationId: string;
  causationId: string | null;
  createdAt: Date;
  traceparent: string | null;
  tracestate: string | null;
}): Envelope {
  return {
    eventId: row.id,
    // Unchecked here: the relay validates every envelope before it publishes it.
    type: row.type as EventType,
    correlationId: row.correlationId,
    ...(row.causationId ? { causationId: row.causationId } : {}),
    source: row.source,
    occurredAt: row.createdAt.toISOString(),
    payload: row.payload as Envelope['payload'],
    // Unchecked here too: checkEnvelope drops a malformed value, with the reason.
    ...(row.traceparent ? { traceparent: row.traceparent } : {}),
    ...(row.tracestate ? { tracestate: row.tracestate } : {}),
  };
}

export async function writeOutboxEvent<T extends EventType>(
  tx: PrismaTransaction,
  type: T,
  payload: EventPayload<T>,
  meta: EventMeta,
): Promise<Envelope<T>> {
  const envelope = event(type, payload, meta);
  await writeOutboxEvents(tx, [envelope]);
  return envelope;
}
