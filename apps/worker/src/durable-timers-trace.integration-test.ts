// Durable timers keep the trace of the work that scheduled them: a timer fires in a span whose
// parent is the span it was scheduled in, and its handler sees the payload exactly as given.
import { randomUUID } from 'node:crypto';

import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { Tracing } from '@tiffin/events/tracing-sdk';
import type { OwnTestRedis } from '@tiffin/stack/testing';
import { timerKeysFor } from '@tiffin/events';
import { activeTraceFields, createLogger } from '@tiffin/events/logger';
import { startTracing } from '@tiffin/events/tracing-sdk';
import { startOwnTestRedis, waitUntil as until } from '@tiffin/stack/testing';

import { DurableTimers } from './durable-timers';

interface Fired {
  payload: Record<string, unknown>;
  traceId?: string;
  spanId?: string;
}

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let server: OwnTestRedis;
let redis: RedisClient;
let timers: DurableTimers<Record<string, unknown>> | undefined;
const fired: Fired[] = [];

beforeAll(async () => {
  tracing = startTracing({
    serviceName: 'timers-trace-test',
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  // Its own server: the timer keys are fixed, and a worker of another file would take them.
  server = await startOwnTestRedis();
  redis = server.connect();
  timers = new DurableTimers<Record<string, unknown>>({
    redis,
    log: createLogger('error'),
    fire: (_id, payload) => {
      fired.push({ payload, ...activeTraceFields() });
      return Promise.resolve();
    },
    maxPollMs: 20,
  });
  await timers.start();
});
afterEach(() => {
  fired.length = 0;
  exporter.reset();
});
afterAll(async () => {
  await timers?.stop();
  redis.disconnect();
  await server.stop();
  await tracing.stop();
});

describe('durable timers and trace context', () => {
  it('a timer scheduled in a span fires in a child of that span, with its payload as given', async () => {
    const payload = { kind: 'autopilot-step', orderId: randomUUID() };
    const scheduling = await trace.getTracer('test').startActiveSpan('handler', async (span) => {
      await timers!.schedule(`t:${randomUUID()}`, Date.now(), payload);
      span.end();
      return span.spanContext();
    });
    await until('fired', () => fired.length === 1);

    expect(fired[0]!.payload).toEqual(payload);
    expect(fired[0]!.traceId).toBe(scheduling.traceId);
    const fireSpan = exporter.getFinishedSpans().find((s) => s.name === 'timer fire');
    expect(fireSpan?.spanContext().spanId).toBe(fired[0]!.spanId);
    expect(fireSpan?.parentSpanContext?.spanId).toBe(scheduling.spanId);
  });

  it('a timer scheduled outside any span fires in a new trace', async () => {
    const payload = { kind: 'ride', orderId: randomUUID() };
    await timers!.schedule(`t:${randomUUID()}`, Date.now(), payload);
    await until('fired', () => fired.length === 1);

    expect(fired[0]!.payload).toEqual(payload);
    expect(fired[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
    const fireSpan = exporter.getFinishedSpans().find((s) => s.name === 'timer fire');
    expect(fireSpan?.parentSpanContext).toBeUndefined();
  });

  it('a stored trace context that is malformed is dropped; the timer still fires', async () => {
    const id = `t:${randomUUID()}`;
    const payload = { kind: 'ride', orderId: randomUUID() };
    const keys = timerKeysFor(id);
    await redis
      .multi()
      .zadd(keys.due, Date.now(), id)
      .hset(keys.data, id, JSON.stringify({ ...payload, traceContext: { traceparent: 7 } }))
      .exec();
    await until('fired', () => fired.length === 1);

    expect(fired[0]!.payload).toEqual(payload);
    const fireSpan = exporter.getFinishedSpans().find((s) => s.name === 'timer fire');
    expect(fireSpan?.parentSpanContext).toBeUndefined();
  });
});
