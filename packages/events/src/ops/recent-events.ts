// A summary per event: enough to follow an order through the streams without shipping payloads.
import type { Redis } from 'ioredis';

import { parseMessage } from '../runner/publisher';

export interface RecentEvent {
  /** The entry's stream id; its time part is when Redis appended it. */
  id: string;
  /** The envelope's type, or the raw `type` field of an entry that is not a valid envelope. */
  type: string;
  eventId: string | null;
  correlationId: string | null;
  /** The payload's orderId, for the event types that carry one. */
  orderId: string | null;
  occurredAt: string | null;
  /** Why the entry is not a valid envelope (consumers will dead-letter it); null when it is. */
  error: string | null;
}

function orderIdOf(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null || !('orderId' in payload)) return null;
  return typeof payload.orderId === 'string' ? payload.orderId : null;
}

/** Newest first, up to `count`; a stream nobody has written to yet has none. */
export async function recentEvents(
  redis: Redis,
  stream: string,
  count: number,
): Promise<RecentEvent[]> {
  const entries = await redis.xrevrange(stream, '+', '-', 'COUNT', count);
  return entries.map(([id, fields]) => {
    const parsed = parseMessage(fields);
    if (!parsed.ok) {
      return {
        id,
        type: parsed.raw.type ?? '',
        eventId: null,
        correlationId: null,
        orderId: null,
        occurredAt: null,
        error: parsed.error,
      };
    }
    const { envelope } = parsed;
    return {
      id,
      type: envelope.type,
      eventId: envelope.eventId,
      correlationId: envelope.correlationId,
      orderId: orderIdOf(envelope.payload),
      occurredAt: envelope.occurredAt,
      error: null,
    };
  });
}
