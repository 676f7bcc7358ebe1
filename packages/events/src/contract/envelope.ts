// The envelope every event travels in, on the outbox row and on the stream alike.
import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import type { EventPayload, EventType } from './catalog';
import { eventCatalog } from './catalog';

export const envelopeSchema = z.object({
  eventId: z.uuid(),
  type: z.string(),
  correlationId: z.uuid(),
  causationId: z.uuid().optional(),
  source: z.string().min(1),
  occurredAt: z.iso.datetime(),
  payload: z.unknown(),
});

export interface Envelope<T extends EventType = EventType> {
  eventId: string;
  type: T;
  correlationId: string;
  causationId?: string;
  source: string;
  occurredAt: string;
  payload: EventPayload<T>;
}

export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
  constructor(
    readonly type: string,
    readonly issues: string,
  ) {
    super(`Invalid ${type} event: ${issues}`);
  }
}

/**
 * Builds an envelope, validating the payload against the catalog. A payload that fails its
 * schema is a programming error, so this throws instead of publishing something consumers reject.
 */
export function createEnvelope<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
  meta: { correlationId: string; causationId?: string; source: string; eventId?: string },
): Envelope<T> {
  const parsed = eventCatalog[type].schema.safeParse(payload);
  if (!parsed.success) throw new InvalidEventError(type, z.prettifyError(parsed.error));
  return {
    eventId: meta.eventId ?? randomUUID(),
    type,
    correlationId: meta.correlationId,
    ...(meta.causationId ? { causationId: meta.causationId } : {}),
    source: meta.source,
    occurredAt: new Date().toISOString(),
    payload: parsed.data as EventPayload<T>,
  };
}

export function streamFor(type: EventType) {
  return eventCatalog[type].stream;
}

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}

export type EnvelopeCheck = { ok: true; envelope: Envelope } | { ok: false; error: string };

/**
 * Checks an untrusted value in full: the envelope's shape, a type the catalog knows, and the
 * payload against that type's schema. Returns the parsed envelope (unknown keys stripped).
 */
export function checkEnvelope(value: unknown): EnvelopeCheck {
  const shape = envelopeSchema.safeParse(value);
  if (!shape.success)
    return { ok: false, error: `Invalid envelope: ${z.prettifyError(shape.error)}` };
  const { type } = shape.data;
  if (!isEventType(type)) return { ok: false, error: `Unknown event type "${type}"` };
  const payload = eventCatalog[type].schema.safeParse(shape.data.payload);
  if (!payload.success) {
    return { ok: false, error: `Invalid ${type} payload: ${z.prettifyError(payload.error)}` };
  }
  return { ok: true, envelope: { ...shape.data, type, payload: payload.data } };
}
