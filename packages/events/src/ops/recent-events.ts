// A summary per event: enough to follow an order through the streams without shipping payloads.
import type { RedisClient } from '../redis-client';
import { EVENT_STREAMS, streamPartitions } from '../contract/keys';
import { parseMessage } from '../runner/publisher';

function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

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

/**
 * Newest first, up to `count`; a stream nobody has written to yet has none. A logical stream
 * (`orders`) is read over all its partitions.
 */
export async function recentEvents(
  redis: RedisClient,
  stream: string,
  count: number,
): Promise<RecentEvent[]> {
  const partitions = (EVENT_STREAMS as readonly string[]).includes(stream)
    ? streamPartitions(stream)
    : [stream];
  const perPartition = await Promise.all(
    partitions.map((p) => redis.xrevrange(p, '+', '-', 'COUNT', count)),
  );
  const entries = perPartition
    .flat()
    .sort(([a], [b]) => compareIds(b, a))
    .slice(0, count);
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
