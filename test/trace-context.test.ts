// W3C trace context end to end, with the real web server and worker: a caller's traceparent on
// `order.place` reaches the outbox rows, the stream envelopes, every consumer's log lines and,
// through OTLP export to a collector of the test's own, one unbroken tree of spans.
import type { Server } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Envelope } from '@tiffin/events';
import type { TestStack } from '@tiffin/stack/testing';
import { parseMessage, streamPartitions } from '@tiffin/events';
import { freePort, signIn, trpc } from '@tiffin/stack';
import { jsonRecords, startTestStack, waitUntil as until } from '@tiffin/stack/testing';

const PASSWORD = 'tiffin-demo-1';
const AUTH_SECRET = 'trace-test-secret-0123456789abcdefghijk';
/** The groups an order at an autopilot restaurant passes through on its way to delivered. */
const GROUPS = ['autopilot', 'delivery', 'notifications', 'tracking'];

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  attributes: Record<string, unknown>;
}

let stack: TestStack;
let collector: Server;
const spans: ExportedSpan[] = [];

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: OtlpValue }[] };
    scopeSpans: {
      spans: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes: { key: string; value: OtlpValue }[];
      }[];
    }[];
  }[];
}

const valueOf = (v: OtlpValue) =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.boolValue);

/** A stand-in OTLP/HTTP collector: keeps every span it is sent (JSON encoding). */
async function startCollector(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const resourceSpan of body.resourceSpans) {
          const service = resourceSpan.resource.attributes.find((a) => a.key === 'service.name');
          for (const scope of resourceSpan.scopeSpans) {
            for (const span of scope.spans) {
              spans.push({
                service: String(service ? valueOf(service.value) : ''),
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? '',
                name: span.name,
                attributes: Object.fromEntries(
                  span.attributes.map((a) => [a.key, valueOf(a.value)]),
                ),
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const collectorPort = await freePort();
  await new Promise<void>((resolve) => server.listen(collectorPort, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${collectorPort}` };
}

beforeAll(async () => {
  const started = await startCollector();
  collector = started.server;
  stack = await startTestStack({
    authSecret: AUTH_SECRET,
    extra: {
      SIM_SPEED: '200',
      SIM_COURIER_SPEED_KMH: '100',
      LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: started.url,
    },
  });
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => collector?.close(resolve));
});

describe('trace context', () => {
  it("one order's trace id runs from order.place through the outbox, the streams, every consumer's logs and spans", async () => {
    const { t, redis, baseUrl, webLines, workerLines } = stack;
    const cookie = await signIn(baseUrl, 'customer@tiffin.test', PASSWORD);
    const item = await t.db.menuItem.findFirstOrThrow({
      where: { stock: { gte: 20 }, restaurant: { slug: 'saffron-tandoor' } },
    });
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const correlationId = randomUUID();

    const placed = await trpc<{ orderId: string }>(
      baseUrl,
      'order.place',
      {
        items: [{ menuItemId: item.id, quantity: 1 }],
        deliveryAddress: '7 Trace Street',
        idempotencyKey: randomUUID(),
      },
      {
        cookie,
        headers: {
          traceparent: `00-${traceId}-${callerSpanId}-01`,
          tracestate: 'tiffin-test=1',
          'x-correlation-id': correlationId,
        },
      },
    );
    expect(placed.status).toBe(200);
    const orderId = placed.data!.orderId;

    // The outbox row names the web's request span, a child of the caller's.
    const created = await t.db.outboxEvent.findFirstOrThrow({
      where: { type: 'order.created.v1', payload: { path: ['orderId'], equals: orderId } },
    });
    const match = new RegExp(`^00-${traceId}-([0-9a-f]{16})-01$`).exec(created.traceparent ?? '');
    expect(match, `outbox traceparent ${created.traceparent}`).not.toBeNull();
    const requestSpanId = match![1]!;
    expect(requestSpanId).not.toBe(callerSpanId);
    expect(created.tracestate).toBe('tiffin-test=1');
    expect(created.correlationId).toBe(correlationId);

    await until(
      'delivered, and the customer told so',
      async () =>
        (await t.db.notification.count({ where: { orderId, kind: 'order_delivered' } })) === 1,
      60_000,
    );

    // Every event of the order, whichever process wrote it (web, consumer, timer), is in the trace.
    const rows = await t.db.outboxEvent.findMany({
      where: { payload: { path: ['orderId'], equals: orderId } },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        'order.created.v1',
        'order.status_changed.v1',
        'delivery.created.v1',
        'delivery.status_changed.v1',
      ]),
    );
    for (const row of rows) {
      expect(row.traceparent, row.type).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect(row.correlationId, row.type).toBe(correlationId);
    }

    // The stream envelope carries the outbox row's context exactly.
    const client = new Redis(redis.url);
    try {
      // The row names its logical stream; the event sits in one of its partitions.
      const entries = await Promise.all(
        streamPartitions(created.stream).map((stream) => client.xrange(stream, '-', '+')),
      );
      const published = entries
        .flat()
        .map(([, fields]) => parseMessage(fields))
        .flatMap((m) => (m.ok ? [m.envelope] : []))
        .find((e: Envelope) => e.eventId === created.id);
      expect(published).toMatchObject({
        traceparent: created.traceparent,
        tracestate: 'tiffin-test=1',
        correlationId,
      });
    } finally {
      client.disconnect();
    }

    // Each consumer's lines about the order name the trace, their own span and the correlation.
    const workerOfOrder = jsonRecords(workerLines).filter((r) => r.orderId === orderId);
    for (const group of GROUPS) {
      const received = workerOfOrder.filter((r) => r.group === group && r.msg === 'event received');
      expect(received.length, `${group} lines`).toBeGreaterThan(0);
      for (const line of received) {
        expect(line).toMatchObject({
          traceId,
          correlationId,
          spanId: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
        });
      }
    }
    expect(workerOfOrder.filter((r) => r.traceId !== undefined && r.traceId !== traceId)).toEqual(
      [],
    );
    // The web's own line for the call is in the trace too.
    expect(
      jsonRecords(webLines).find((r) => r.msg === 'trpc request' && r.procedure === 'order.place'),
    ).toMatchObject({ traceId, spanId: requestSpanId, correlationId });

    // Stopping flushes both processes' spans to the collector.
    await stack.web.stop();
    await stack.worker.stop();
    const traced = spans.filter((s) => s.traceId === traceId);
    const request = traced.find((s) => s.spanId === requestSpanId);
    expect(request).toMatchObject({
      service: 'tiffin-web',
      parentSpanId: callerSpanId,
      attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200 },
    });
    // The first consumers of order.created are children of the request span.
    for (const group of ['autopilot', 'notifications']) {
      expect(traced).toContainEqual(
        expect.objectContaining({
          service: 'tiffin-worker',
          name: 'order.created.v1 process',
          parentSpanId: requestSpanId,
          attributes: expect.objectContaining({
            'messaging.consumer.group.name': group,
            'tiffin.correlation_id': correlationId,
          }) as unknown,
        }),
      );
    }
    // The autopilot's timers continue the trace, and so do the events they cause.
    expect(traced.some((s) => s.name === 'timer fire')).toBe(true);
    expect(traced.some((s) => s.name === 'delivery.status_changed.v1 process')).toBe(true);
    // One tree: every span's parent is another span of the trace, or the caller's.
    const ids = new Set(traced.map((s) => s.spanId));
    const orphans = traced.filter(
      (s) => s.parentSpanId !== callerSpanId && !ids.has(s.parentSpanId),
    );
    expect(orphans).toEqual([]);
  });
});
