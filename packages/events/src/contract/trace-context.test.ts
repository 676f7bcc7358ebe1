// Trace context on envelopes: a valid traceparent is kept (canonical), a malformed one is dropped
// with a reason and never costs the event itself.
import { randomUUID } from 'node:crypto';

import { context, trace, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';

import { parseMessage } from '../runner/publisher';
import { checkEnvelope, createEnvelope } from './envelope';
import { checkTraceContext, contextFromTrace, traceContextOf, traceIdOf } from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

function orderCreated(extra: Record<string, unknown> = {}) {
  const envelope = createEnvelope(
    'order.created.v1',
    {
      orderId: randomUUID(),
      userId: randomUUID(),
      restaurantId: randomUUID(),
      totalCents: 600,
      lines: [{ menuItemId: randomUUID(), name: 'Dosa', quantity: 1, unitPriceCents: 600 }],
    },
    { correlationId: randomUUID(), source: 'test' },
  );
  return { ...envelope, ...extra };
}

describe('checkTraceContext', () => {
  it('keeps a valid traceparent and tracestate', () => {
    expect(checkTraceContext(TRACEPARENT, 'vendor=abc,other=1')).toEqual({
      trace: { traceparent: TRACEPARENT, tracestate: 'vendor=abc,other=1' },
    });
  });

  it('keeps a traceparent in canonical form: lower case, version 00', () => {
    expect(checkTraceContext(TRACEPARENT.toUpperCase(), undefined)).toEqual({
      trace: { traceparent: TRACEPARENT },
    });
    expect(checkTraceContext(`01-${TRACE_ID}-${SPAN_ID}-01-future-part`, undefined)).toEqual({
      trace: { traceparent: TRACEPARENT },
    });
  });

  it('nothing in, nothing out, nothing dropped', () => {
    expect(checkTraceContext(undefined, undefined)).toEqual({});
    expect(checkTraceContext(null, null)).toEqual({});
  });

  it.each([
    ['garbage', 'not-a-traceparent', 'is not a valid W3C traceparent'],
    [
      'an all-zero trace id',
      `00-${'0'.repeat(32)}-${SPAN_ID}-01`,
      'is not a valid W3C traceparent',
    ],
    [
      'an all-zero span id',
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
      'is not a valid W3C traceparent',
    ],
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`, 'is not a valid W3C traceparent'],
    ['version 00 with more parts', `${TRACEPARENT}-extra`, 'is not a valid W3C traceparent'],
    ['a short trace id', `00-${TRACE_ID.slice(2)}-${SPAN_ID}-01`, 'is not a valid W3C traceparent'],
    ['an over-long value', `${TRACEPARENT}${' '.repeat(600)}`, 'is not a valid W3C traceparent'],
    ['a number', 42, 'traceparent is a number, not a string'],
    ['an object', { traceId: TRACE_ID }, 'traceparent is a object, not a string'],
  ])('drops a traceparent with %s, with the reason', (_, traceparent, reason) => {
    const checked = checkTraceContext(traceparent, 'vendor=abc');
    expect(checked.trace).toBeUndefined();
    expect(checked.dropped).toContain(reason);
  });

  it('drops a bad tracestate alone, keeping the traceparent', () => {
    expect(checkTraceContext(TRACEPARENT, 7)).toEqual({
      trace: { traceparent: TRACEPARENT },
      dropped: 'tracestate is a number, not a string',
    });
    expect(checkTraceContext(TRACEPARENT, 'no equals sign at all')).toEqual({
      trace: { traceparent: TRACEPARENT },
      dropped: 'tracestate "no equals sign at all" has no valid member',
    });
    expect(checkTraceContext(TRACEPARENT, `a=${'x'.repeat(600)}`).dropped).toBe(
      'tracestate is longer than 512 characters',
    );
  });

  it('drops a tracestate that comes without a traceparent', () => {
    expect(checkTraceContext(undefined, 'vendor=abc')).toEqual({
      dropped: 'tracestate without a traceparent',
    });
  });
});

describe('trace context on envelopes', () => {
  it('an envelope built outside any span carries none', () => {
    const envelope = orderCreated();
    expect(envelope).not.toHaveProperty('traceparent');
    expect(envelope).not.toHaveProperty('tracestate');
  });

  it('an envelope built in a span carries that span as its parent', () => {
    // A span context of our own: no SDK, so no context manager, and `with` cannot activate it.
    const span = trace.wrapSpanContext({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
    });
    const ctx = trace.setSpan(context.active(), span);
    expect(traceContextOf(ctx)).toEqual({ traceparent: TRACEPARENT });
    const envelope = createEnvelope(
      'menu.stock_changed.v1',
      {
        restaurantId: randomUUID(),
        items: [{ menuItemId: randomUUID(), stock: 3 }],
        reason: 'order',
      },
      { correlationId: randomUUID(), source: 'test', trace: traceContextOf(ctx) },
    );
    expect(envelope.traceparent).toBe(TRACEPARENT);
    expect(checkEnvelope(envelope)).toEqual({ ok: true, envelope });
  });

  it('the context read back from an envelope is a remote parent with the same ids', () => {
    const parent = trace.getSpanContext(contextFromTrace({ traceparent: TRACEPARENT }));
    expect(parent).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true });
    expect(traceIdOf({ traceparent: TRACEPARENT })).toBe(TRACE_ID);
    expect(trace.getSpanContext(contextFromTrace(undefined))).toBeUndefined();
  });

  it('checkEnvelope keeps a valid traceparent and tracestate', () => {
    const sent = orderCreated({ traceparent: TRACEPARENT, tracestate: 'vendor=abc' });
    const checked = checkEnvelope(sent);
    expect(checked).toEqual({ ok: true, envelope: sent });
  });

  it('checkEnvelope drops a malformed traceparent with the reason and keeps the event', () => {
    const sent = orderCreated({ traceparent: 'garbage', tracestate: 'vendor=abc' });
    const checked = checkEnvelope(sent);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.envelope).not.toHaveProperty('traceparent');
    expect(checked.envelope).not.toHaveProperty('tracestate');
    expect(checked.envelope.eventId).toBe(sent.eventId);
    expect(checked.envelope.payload).toEqual(sent.payload);
    expect(checked.traceDropped).toBe('traceparent "garbage" is not a valid W3C traceparent');
  });

  it('a stream message with a non-string traceparent still parses, with the reason', () => {
    const sent = orderCreated({ traceparent: { injected: true } });
    const parsed = parseMessage(['type', sent.type, 'envelope', JSON.stringify(sent)]);
    expect(parsed).toMatchObject({
      ok: true,
      envelope: { eventId: sent.eventId, correlationId: sent.correlationId },
      traceDropped: 'traceparent is a object, not a string',
    });
  });
});
