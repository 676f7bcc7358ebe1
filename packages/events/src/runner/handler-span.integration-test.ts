// The runner continues each event's trace: its handler runs in a span whose parent is the span
// that wrote the event, log lines inside name that span, and events written there carry it on.
// A malformed traceparent starts a new trace, with the reason logged, and the event is handled.
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { connectTestRedis, orderCreated, uniqueNames, waitFor } from '@tiffin/stack/testing';

import type { Envelope } from '../contract/envelope';
import type { Tracing } from '../tracing-sdk';
import type { HandlerContext } from './consumer-group';
import { createEnvelope } from '../contract/envelope';
import { createLogger } from '../logger';
import { startTracing } from '../tracing-sdk';
import { ConsumerGroup } from './consumer-group';
import { listDeadLetters, replayDeadLetter } from './dead-letters';
import { inRequestSpan } from './handler-span';
import { publish } from './publisher';

const redis = connectTestRedis();
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
const running: ConsumerGroup[] = [];

beforeAll(() => {
  tracing = startTracing({
    serviceName: 'handler-span-test',
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
  exporter.reset();
});
afterAll(async () => {
  await tracing.stop();
  await redis.quit();
});

type Line = Record<string, unknown> & { msg: string };

/** A real pino logger (so its trace mixin runs) whose JSON lines the test reads back. */
function recordedLogger() {
  const lines: Line[] = [];
  const log = createLogger(
    'debug',
    {},
    { destination: { write: (s) => lines.push(JSON.parse(s) as Line) } },
  );
  return { log, lines };
}

interface Seen {
  envelope: Envelope;
  ctx: HandlerContext;
  written: Envelope;
}

/** A consumer whose handler logs one line and builds one follow-up event, as real ones do. */
function consumer(fail = 0, maxAttempts = 5) {
  const names = uniqueNames('trace');
  const { log, lines } = recordedLogger();
  const seen: Seen[] = [];
  let failures = fail;
  const group = new ConsumerGroup({
    redis,
    stream: names.stream,
    group: names.group,
    deadLetterStream: names.dlq,
    blockMs: 100,
    claimIntervalMs: 100,
    backoffMs: () => 10,
    maxAttempts,
    log,
    handler: async (envelope, ctx) => {
      log.child({ correlationId: envelope.correlationId }).info('handler ran');
      if (failures-- > 0) throw new Error('not yet');
      const written = createEnvelope(
        'menu.stock_changed.v1',
        {
          restaurantId: randomUUID(),
          items: [{ menuItemId: randomUUID(), stock: 1 }],
          reason: 'order',
        },
        { correlationId: envelope.correlationId, source: 'test' },
      );
      seen.push({ envelope, ctx, written });
      await Promise.resolve();
    },
  });
  running.push(group);
  return { group, names, lines, seen };
}

/** An order.created envelope written inside a request span, as the web's handler writes one. */
function writtenInRequest(): { envelope: Envelope; traceId: string; spanId: string } {
  return trace.getTracer('test').startActiveSpan('POST /api/trpc', (span) => {
    const envelope = orderCreated();
    span.end();
    return { envelope, ...span.spanContext() };
  });
}

describe('consumer spans', () => {
  it("a handler runs in a child of the envelope's span; its log lines and events carry it", async () => {
    const c = consumer();
    const request = writtenInRequest();
    expect(request.envelope.traceparent).toBe(`00-${request.traceId}-${request.spanId}-01`);
    await publish(redis, request.envelope, { stream: c.names.stream });
    await c.group.start();
    await waitFor('handled', () => c.seen.length === 1);

    const { ctx, written } = c.seen[0]!;
    expect(ctx.traceId).toBe(request.traceId);
    expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(ctx.spanId).not.toBe(request.spanId);
    // The event the handler wrote names the handler's span as its parent.
    expect(written.traceparent).toBe(`00-${request.traceId}-${ctx.spanId}-01`);

    const consumerSpan = exporter
      .getFinishedSpans()
      .find((s) => s.name === 'order.created.v1 process');
    expect(consumerSpan?.spanContext()).toMatchObject({
      traceId: request.traceId,
      spanId: ctx.spanId,
    });
    expect(consumerSpan?.parentSpanContext?.spanId).toBe(request.spanId);
    expect(consumerSpan?.attributes).toMatchObject({
      'messaging.destination.name': c.names.stream,
      'messaging.consumer.group.name': c.names.group,
      'tiffin.event.id': request.envelope.eventId,
      'tiffin.correlation_id': request.envelope.correlationId,
    });

    const line = c.lines.find((l) => l.msg === 'handler ran');
    expect(line).toMatchObject({
      traceId: request.traceId,
      spanId: ctx.spanId,
      correlationId: request.envelope.correlationId,
    });
    expect(await redis.xpending(c.names.stream, c.names.group)).toEqual([0, null, null, null]);
  });

  it('each retry is a span of its own under the same parent; the failed one is marked', async () => {
    const c = consumer(1);
    const request = writtenInRequest();
    await publish(redis, request.envelope, { stream: c.names.stream });
    await c.group.start();
    await waitFor('handled', () => c.seen.length === 1);

    const spans = exporter.getFinishedSpans().filter((s) => s.name === 'order.created.v1 process');
    expect(spans).toHaveLength(2);
    expect(spans.map((s) => s.parentSpanContext?.spanId)).toEqual([request.spanId, request.spanId]);
    expect(spans.map((s) => s.status.code)).toEqual([2, 0]);
    expect(spans.map((s) => s.attributes['tiffin.delivery.attempt'])).toEqual([1, 2]);
    const retryLine = c.lines.find((l) => l.msg === 'handler failed; retrying');
    expect(retryLine).toMatchObject({
      traceId: request.traceId,
      spanId: spans[0]!.spanContext().spanId,
      correlationId: request.envelope.correlationId,
    });
  });

  it("a dead letter's replay is handled in a child of the original event's span", async () => {
    const c = consumer(2, 2);
    const request = writtenInRequest();
    await publish(redis, request.envelope, { stream: c.names.stream });
    await c.group.start();
    await waitFor('dead-lettered', async () => (await redis.xlen(c.names.dlq)) === 1);
    const [letter] = await listDeadLetters(redis, { stream: c.names.dlq });
    exporter.reset();

    await replayDeadLetter(redis, letter!.id, { stream: c.names.dlq });
    await waitFor('handled after the replay', () => c.seen.length === 1);
    expect(c.seen[0]!.ctx.traceId).toBe(request.traceId);
    const replayed = exporter.getFinishedSpans().find((s) => s.name === 'order.created.v1 process');
    expect(replayed?.parentSpanContext?.spanId).toBe(request.spanId);
  });

  it('a malformed traceparent: the event is handled in a new trace, and the reason is logged', async () => {
    const c = consumer();
    const sent = { ...orderCreated(), traceparent: '00-not-a-trace-01' };
    // Written raw: publish() would refuse nothing here, but this is what a foreign producer sends.
    await redis.xadd(c.names.stream, '*', 'type', sent.type, 'envelope', JSON.stringify(sent));
    await c.group.start();
    await waitFor('handled', () => c.seen.length === 1);

    const { envelope, ctx } = c.seen[0]!;
    expect(envelope.eventId).toBe(sent.eventId);
    expect(envelope).not.toHaveProperty('traceparent');
    expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/);
    const span = exporter.getFinishedSpans().find((s) => s.name === 'order.created.v1 process');
    expect(span?.parentSpanContext).toBeUndefined();
    expect(
      c.lines.find((l) => l.msg === 'trace context dropped; the event starts a new trace'),
    ).toMatchObject({
      level: 'warn',
      eventId: sent.eventId,
      correlationId: sent.correlationId,
      reason: 'traceparent "00-not-a-trace-01" is not a valid W3C traceparent',
    });
    expect(await redis.xpending(c.names.stream, c.names.group)).toEqual([0, null, null, null]);
    expect(await redis.xlen(c.names.dlq)).toBe(0);
  });
});

describe('request spans', () => {
  /** One request to a server whose handler builds an event, as order.place does; returns it. */
  async function eventOfRequest(headers: Record<string, string>, status = 200) {
    let written: Envelope | undefined;
    const server = createServer((req, res) =>
      inRequestSpan(req, res, '/api/trpc/', () => {
        written = orderCreated();
        res.writeHead(status).end();
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/trpc/order.place?batch=1`, {
        method: 'POST',
        headers,
      });
      expect(response.status).toBe(status);
      await waitFor('the span ended', () => exporter.getFinishedSpans().length === 1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    return { written: written!, span: exporter.getFinishedSpans()[0]! };
  }

  it("continues a caller's valid traceparent and tracestate", async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { written, span } = await eventOfRequest({ traceparent, tracestate: 'caller=1' });
    expect(span.name).toBe('POST /api/trpc/');
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/api/trpc/order.place',
      'http.response.status_code': 200,
    });
    expect(written.traceparent).toBe(
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanContext().spanId}-01`,
    );
    expect(written.tracestate).toBe('caller=1');
  });

  it.each([
    ['no traceparent', {}],
    ['a malformed traceparent', { traceparent: '00-zzzz-01' }],
  ])('with %s it starts a trace of its own', async (_, headers: Record<string, string>) => {
    const { written, span } = await eventOfRequest(headers, 500);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.status.code).toBe(2);
    const { traceId, spanId } = span.spanContext();
    expect(written.traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });
});
