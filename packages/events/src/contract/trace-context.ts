// W3C trace context as an envelope carries it: the `traceparent` (and `tracestate`) of the span
// that wrote the event, so each consumer continues the trace of the request that caused it.
// Checked on every read; a malformed value is dropped with a reason, never a cause to refuse
// the event itself, since the event is still good without it.
import type { Context } from '@opentelemetry/api';

import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
} from '@opentelemetry/api';
import { parseTraceParent, TraceState, W3CTraceContextPropagator } from '@opentelemetry/core';

/** The two W3C fields, named as the headers are, so an envelope is itself a propagation carrier. */
export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

/** What a read keeps: the valid context (if any), and why anything was dropped. */
export interface TraceContextCheck {
  trace?: TraceContext;
  dropped?: string;
}

/** The W3C limit on `tracestate`; `traceparent` is far shorter, so this bounds both. */
const MAX_FIELD_LENGTH = 512;

// Our own instance, not the global one: events carry W3C context whether or not an SDK is set up.
const propagator = new W3CTraceContextPropagator();

/** A value short enough to quote in a log line. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/**
 * Validates untrusted `traceparent`/`tracestate` values (from an envelope or a request's headers).
 * A bad `traceparent` drops both; a bad `tracestate` drops only itself. The kept `traceparent`
 * is canonical (version 00, lower case), so every reader after this one can parse it.
 */
export function checkTraceContext(traceparent: unknown, tracestate: unknown): TraceContextCheck {
  if (traceparent === undefined || traceparent === null) {
    return tracestate === undefined || tracestate === null
      ? {}
      : { dropped: 'tracestate without a traceparent' };
  }
  if (typeof traceparent !== 'string') {
    return { dropped: `traceparent is a ${typeof traceparent}, not a string` };
  }
  const parsed =
    traceparent.length <= MAX_FIELD_LENGTH ? parseTraceParent(traceparent.toLowerCase()) : null;
  if (!parsed) {
    return { dropped: `traceparent ${quoted(traceparent)} is not a valid W3C traceparent` };
  }
  const flags = (parsed.traceFlags & 0xff).toString(16).padStart(2, '0');
  const canonical = `00-${parsed.traceId}-${parsed.spanId}-${flags}`;
  if (tracestate === undefined || tracestate === null) return { trace: { traceparent: canonical } };
  const state = checkTraceState(tracestate);
  return 'value' in state
    ? { trace: { traceparent: canonical, tracestate: state.value } }
    : { trace: { traceparent: canonical }, dropped: state.dropped };
}

function checkTraceState(tracestate: unknown): { value: string } | { dropped: string } {
  if (typeof tracestate !== 'string') {
    return { dropped: `tracestate is a ${typeof tracestate}, not a string` };
  }
  if (tracestate.length > MAX_FIELD_LENGTH) {
    return { dropped: `tracestate is longer than ${MAX_FIELD_LENGTH} characters` };
  }
  // TraceState keeps only well-formed members; nothing left means nothing was usable.
  const value = new TraceState(tracestate).serialize();
  return value === ''
    ? { dropped: `tracestate ${quoted(tracestate)} has no valid member` }
    : { value };
}

/** The W3C fields of a context's span (the active one by default); undefined when it has none. */
export function traceContextOf(ctx: Context = context.active()): TraceContext | undefined {
  const carrier: Partial<TraceContext> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  if (carrier.traceparent === undefined) return undefined;
  return carrier.tracestate
    ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate }
    : { traceparent: carrier.traceparent };
}

/** A context whose remote parent is the given span; the root context when there is none. */
export function contextFromTrace(trace: TraceContext | undefined): Context {
  if (!trace) return ROOT_CONTEXT;
  return propagator.extract(ROOT_CONTEXT, { ...trace }, defaultTextMapGetter);
}

/** The trace id in a (valid) traceparent, for log lines written before any span exists. */
export function traceIdOf(trace: TraceContext | undefined): string | undefined {
  return trace ? parseTraceParent(trace.traceparent)?.traceId : undefined;
}
