// The OpenTelemetry SDK, set up once per process (web and worker): an AsyncLocalStorage context
// manager and the W3C propagator always, so trace ids reach envelopes and log lines; an OTLP/HTTP
// exporter only when OTEL_EXPORTER_OTLP_ENDPOINT is set. Without one nothing is recorded: every
// span is a non-recording one that only carries its ids, the cheapest the SDK offers.
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';

import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
} from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** `service.name` on every span: `tiffin-web`, `tiffin-worker`. */
  serviceName: string;
  /** The collector's base URL (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to `<url>/v1/traces`. */
  otlpEndpoint?: string;
  /** Replaces the exporter, for tests (an in-memory exporter behind a simple processor). */
  spanProcessors?: SpanProcessor[];
}

export interface Tracing {
  /** Whether spans are recorded and exported, as opposed to only carrying ids. */
  readonly exporting: boolean;
  /** Sends what is buffered and stops; the process's last step. Idempotent. */
  stop(): Promise<void>;
}

/** The spans of one trace go to `<endpoint>/v1/traces`, the OTLP/HTTP path for traces. */
export function otlpTracesUrl(endpoint: string): string {
  return new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).toString();
}

let current: Tracing | undefined;

/** Registers the SDK globally; a second call returns the first setup (the API allows one). */
export function startTracing(opts: TracingOptions): Tracing {
  if (current) return current;
  const processors =
    opts.spanProcessors ??
    (opts.otlpEndpoint
      ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(opts.otlpEndpoint) }))]
      : []);
  const exporting = processors.length > 0;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName }),
    // A caller's sampling decision stands; with nowhere to send spans, none is recorded.
    sampler: exporting
      ? new ParentBasedSampler({ root: new AlwaysOnSampler() })
      : new AlwaysOffSampler(),
    spanProcessors: processors,
  });
  provider.register();
  let stopped: Promise<void> | undefined;
  current = {
    exporting,
    stop: () => {
      stopped ??= provider.shutdown();
      return stopped;
    },
  };
  return current;
}
