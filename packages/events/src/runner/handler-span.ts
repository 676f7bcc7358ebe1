// The spans work runs in: a consumer's handler as a child of the span that wrote its event (the
// envelope's traceparent), a timer under the span that scheduled it, an HTTP request under its
// caller's traceparent. So one trace follows a request through every consumer it reaches.
// Without an SDK the tracer is a no-op and each costs a few object allocations.
import type { Attributes, Context, Span } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { context, isSpanContextValid, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

import type { Envelope } from '../contract/envelope';
import type { TraceContext } from '../contract/trace-context';
import { traceOfEnvelope } from '../contract/envelope';
import { checkTraceContext, contextFromTrace } from '../contract/trace-context';
import { errorMessage } from '../logger';

/** The tracer every part of Tiffin's event flow starts its spans with. */
export const tracer = () => trace.getTracer('@tiffin/events');

export interface HandlerSpanInfo {
  stream: string;
  group: string;
  messageId: string;
  attempt: number;
}

/** One attempt at handling one event: run the handler inside it, then end it. */
export class HandlerSpan {
  private readonly span: Span;
  private readonly ctx: Context;

  constructor(envelope: Envelope, info: HandlerSpanInfo) {
    const parent = contextFromTrace(traceOfEnvelope(envelope));
    this.span = tracer().startSpan(
      `${envelope.type} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'redis',
          'messaging.operation.type': 'process',
          'messaging.destination.name': info.stream,
          'messaging.consumer.group.name': info.group,
          'messaging.message.id': info.messageId,
          'tiffin.event.id': envelope.eventId,
          'tiffin.event.type': envelope.type,
          'tiffin.correlation_id': envelope.correlationId,
          'tiffin.delivery.attempt': info.attempt,
        },
      },
      parent,
    );
    this.ctx = trace.setSpan(parent, this.span);
  }

  /** The span's ids for log lines and the handler's context; none when the span is a no-op. */
  get ids(): { traceId?: string; spanId?: string } {
    const spanContext = this.span.spanContext();
    return isSpanContextValid(spanContext)
      ? { traceId: spanContext.traceId, spanId: spanContext.spanId }
      : {};
  }

  /** Runs `fn` with this span active, so what it logs and the events it writes carry it. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return context.with(this.ctx, fn);
  }

  end(error?: unknown): void {
    if (error !== undefined) {
      this.span.recordException(error instanceof Error ? error : errorMessage(error));
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    }
    this.span.end();
  }
}

/**
 * Runs `fn` in a new span that continues `parent` (a root span when there is none): for work
 * that resumes an event's story later, such as a durable timer the event's handler scheduled.
 */
export async function inSpan<T>(
  name: string,
  parent: TraceContext | undefined,
  attributes: Attributes,
  fn: () => Promise<T>,
): Promise<T> {
  const parentContext = contextFromTrace(parent);
  const span = tracer().startSpan(name, { kind: SpanKind.INTERNAL, attributes }, parentContext);
  try {
    const result = await context.with(trace.setSpan(parentContext, span), fn);
    span.end();
    return result;
  } catch (error) {
    span.recordException(error instanceof Error ? error : errorMessage(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    span.end();
    throw error;
  }
}

/**
 * Runs an HTTP request's handler in a server span that continues the caller's `traceparent`
 * when it is valid (a new trace starts otherwise, as W3C asks); the span ends with the response.
 */
export function inRequestSpan(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  handle: () => void,
): void {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const parent = contextFromTrace(
    checkTraceContext(header('traceparent'), header('tracestate')).trace,
  );
  const method = req.method ?? 'GET';
  const span = tracer().startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': method,
        'http.route': route,
        'url.path': (req.url ?? '/').split('?')[0]!.slice(0, 200),
      },
    },
    parent,
  );
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), handle);
}
