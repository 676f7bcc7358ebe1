// The envelope every event travels in, on the outbox row and on the stream alike.
import { randomUUID } from 'node:crypto';

import { regexes, z } from 'zod';

import type { EventPayload, EventType } from './catalog';
import type { TraceContext } from './trace-context';
import { eventCatalog } from './catalog';
import { checkTraceContext, traceContextOf } from './trace-context';

export const envelopeSchema = z.object({
  eventId: z.uuid(),
  type: z.string(),
  correlationId: z.uuid(),
  causationId: z.uuid().optional(),
  source: z.string().min(1),
  occurredAt: z.iso.datetime(),
  payload: z.unknown(),
  // Checked by checkTraceContext, not here: a bad trace field is dropped, the event kept.
  traceparent: z.unknown().optional(),
  tracestate: z.unknown().optional(),
});

export interface Envelope<T extends EventType = EventType> {
  eventId: string;
  type: T;
  correlationId: string;
  causationId?: string;
  source: string;
  occurredAt: string;
  payload: EventPayload<T>;
  /** W3C trace context of the span that wrote the event (see trace-context.ts). */
  traceparent?: string;
  tracestate?: string;
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
 * The envelope carries the trace context active where it is built (the request's, or the
 * handler's), unless `meta.trace` names another.
 */
export function createEnvelope<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
  meta: {
    correlationId: string;
    causationId?: string;
    source: string;
    eventId?: string;
    trace?: TraceContext;
  },
): Envelope<T> {
  const parsed = eventCatalog[type].schema.safeParse(payload);
  if (!parsed.success) throw new InvalidEventError(type, z.prettifyError(parsed.error));
  const trace = meta.trace ?? traceContextOf();
  return {
    eventId: meta.eventId ?? randomUUID(),
    type,
    correlationId: meta.correlationId,
    ...(meta.causationId ? { causationId: meta.causationId } : {}),
    source: meta.source,
    occurredAt: new Date().toISOString(),
    payload: parsed.data as EventPayload<T>,
    ...trace,
  };
}

/** An envelope's trace fields (already checked when it was built or parsed). */
export function traceOfEnvelope(envelope: Envelope): TraceContext | undefined {
  if (!envelope.traceparent) return undefined;
  return envelope.tracestate
    ? { traceparent: envelope.traceparent, tracestate: envelope.tracestate }
    : { traceparent: envelope.traceparent };
}

export function streamFor(type: EventType) {
  return eventCatalog[type].stream;
}

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}

export type EnvelopeCheck =
  | {
      ok: true;
      envelope: Envelope;
      /** Why trace context was dropped, if it was. */ traceDropped?: string;
    }
  | { ok: false; error: string };

// The patterns z.uuid() and z.iso.datetime() test, so the quick shape check accepts exactly what
// envelopeSchema accepts (envelope-shape.test.ts holds the two side by side).
const UUID = regexes.uuid();
const DATETIME = regexes.datetime({ offset: false, local: false, precision: null });

type EnvelopeShape = z.output<typeof envelopeSchema>;

/**
 * envelopeSchema's check without zod's per-call machinery, for the envelopes every consumer reads:
 * the shape when every field is plainly right, else undefined, and zod decides (and words the error).
 */
function quickShape(value: unknown): EnvelopeShape | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const { eventId, type, correlationId, causationId, source, occurredAt } = v;
  if (typeof eventId !== 'string' || !UUID.test(eventId)) return undefined;
  if (typeof type !== 'string') return undefined;
  if (typeof correlationId !== 'string' || !UUID.test(correlationId)) return undefined;
  const hasCausation = Object.hasOwn(v, 'causationId');
  if (hasCausation && (typeof causationId !== 'string' || !UUID.test(causationId)))
    return undefined;
  if (typeof source !== 'string' || source.length < 1) return undefined;
  if (typeof occurredAt !== 'string' || !DATETIME.test(occurredAt)) return undefined;
  if (!Object.hasOwn(v, 'payload')) return undefined;
  return {
    eventId,
    type,
    correlationId,
    ...(hasCausation ? { causationId: causationId as string } : {}),
    source,
    occurredAt,
    payload: v.payload,
    ...(Object.hasOwn(v, 'traceparent') ? { traceparent: v.traceparent } : {}),
    ...(Object.hasOwn(v, 'tracestate') ? { tracestate: v.tracestate } : {}),
  };
}

/**
 * Checks an untrusted value in full: the envelope's shape, a type the catalog knows, and the
 * payload against that type's schema. Returns the parsed envelope (unknown keys stripped).
 * Malformed trace context is dropped, with the reason in `traceDropped`; the event stands.
 */
export function checkEnvelope(value: unknown): EnvelopeCheck {
  let data = quickShape(value);
  if (!data) {
    const shape = envelopeSchema.safeParse(value);
    if (!shape.success)
      return { ok: false, error: `Invalid envelope: ${z.prettifyError(shape.error)}` };
    data = shape.data;
  }
  const { type } = data;
  if (!isEventType(type)) return { ok: false, error: `Unknown event type "${type}"` };
  const payload = eventCatalog[type].schema.safeParse(data.payload);
  if (!payload.success) {
    return { ok: false, error: `Invalid ${type} payload: ${z.prettifyError(payload.error)}` };
  }
  const { traceparent, tracestate, ...rest } = data;
  const { trace, dropped } = checkTraceContext(traceparent, tracestate);
  return {
    ok: true,
    envelope: { ...rest, type, payload: payload.data, ...trace },
    ...(dropped ? { traceDropped: dropped } : {}),
  };
}

/**
 * The cheap check for an envelope rebuilt from an outbox row, whose ids and timestamp come from
 * uuid and timestamp columns: only its type, source and payload (against the catalog) can be
 * wrong. Same result shape and payload errors as checkEnvelope.
 */
export function checkStoredEnvelope(envelope: Envelope): EnvelopeCheck {
  const type: string = envelope.type;
  if (!isEventType(type)) return { ok: false, error: `Unknown event type "${type}"` };
  if (envelope.source === '') return { ok: false, error: 'Invalid envelope: empty source' };
  const payload = eventCatalog[type].schema.safeParse(envelope.payload);
  if (!payload.success) {
    return { ok: false, error: `Invalid ${type} payload: ${z.prettifyError(payload.error)}` };
  }
  const { traceparent, tracestate, ...rest } = envelope;
  const { trace, dropped } = checkTraceContext(traceparent, tracestate);
  return {
    ok: true,
    envelope: { ...rest, type, payload: payload.data, ...trace },
    ...(dropped ? { traceDropped: dropped } : {}),
  };
}
