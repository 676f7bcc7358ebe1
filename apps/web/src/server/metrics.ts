// Prometheus metrics for the web process (GET /api/metrics): HTTP and tRPC requests by route or
// procedure and outcome, orders placed / conflicts / idempotent replays, WebSocket connections
// and tracking subscriptions, and Node's default process metrics. In production it needs
// `Authorization: Bearer $METRICS_TOKEN`; without a token configured it is not served there.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { ApiObserver } from '@tiffin/api';
import { metricsAccess, metricsRefusal } from '@tiffin/config/metrics-access';

import { getEnv } from '../env';
import { webLog } from './logger';
import { processSingleton } from './process-singleton';

export const METRICS_PATH = '/api/metrics';

interface WebMetrics {
  registry: Registry;
  http: Histogram<'route' | 'method' | 'status'>;
  trpc: Histogram<'procedure' | 'type' | 'outcome'>;
  ordersPlaced: Counter;
  orderConflicts: Counter;
  idempotentReplays: Counter;
  wsConnections: Gauge;
  subscriptions: Gauge;
}

/** One registry per process (server.ts and Next's bundle are separate module instances). */
const metricsSingleton = processSingleton('webMetrics', createWebMetrics);

export function webMetrics(): WebMetrics {
  return metricsSingleton.get();
}

function createWebMetrics(): WebMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
  return {
    registry,
    http: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route class, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets,
      registers: [registry],
    }),
    trpc: new Histogram({
      name: 'trpc_request_duration_seconds',
      help: 'tRPC calls by procedure, type and outcome (ok or the error code)',
      labelNames: ['procedure', 'type', 'outcome'],
      buckets,
      registers: [registry],
    }),
    ordersPlaced: new Counter({
      name: 'orders_placed_total',
      help: 'Orders placed',
      registers: [registry],
    }),
    orderConflicts: new Counter({
      name: 'order_conflicts_total',
      help: 'Orders refused for lack of stock',
      registers: [registry],
    }),
    idempotentReplays: new Counter({
      name: 'idempotent_replays_total',
      help: 'order.place calls answered with an earlier order (same idempotency key)',
      registers: [registry],
    }),
    wsConnections: new Gauge({
      name: 'ws_connections',
      help: 'Open WebSocket connections',
      registers: [registry],
    }),
    subscriptions: new Gauge({
      name: 'tracking_subscriptions',
      help: 'Active live-tracking subscriptions',
      registers: [registry],
    }),
  };
}

export const apiObserver: ApiObserver = {
  procedure: ({ path, type, outcome, durationMs, correlationId, userId, orderId }) => {
    webMetrics().trpc.observe({ procedure: path, type, outcome }, durationMs / 1000);
    // The request log: one line per call, with the ids that tie it to the worker's lines.
    webLog().info('trpc request', {
      procedure: path,
      type,
      outcome,
      durationMs: Math.round(durationMs * 10) / 10,
      correlationId,
      ...(userId ? { userId } : {}),
      ...(orderId ? { orderId } : {}),
    });
  },
  orderPlaced: ({ replayed }) =>
    (replayed ? webMetrics().idempotentReplays : webMetrics().ordersPlaced).inc(),
  orderConflict: () => webMetrics().orderConflicts.inc(),
};

/** A low-cardinality name for a request path. */
export function routeClass(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0] ?? '/';
  if (path.startsWith('/api/trpc/')) return 'trpc';
  if (path.startsWith('/api/auth/')) return 'auth';
  if (path.startsWith('/api/health/')) return 'health';
  if (path === METRICS_PATH) return 'metrics';
  if (path.startsWith('/_next/')) return 'static';
  if (path.startsWith('/images/')) return 'images';
  return 'page';
}

/** Times a request from arrival to the end of its response. */
export function observeHttp(req: IncomingMessage, res: ServerResponse): void {
  const end = webMetrics().http.startTimer({
    route: routeClass(req.url),
    method: req.method ?? 'GET',
  });
  res.once('finish', () => end({ status: String(res.statusCode) }));
}

/** Serves /api/metrics; returns false for any other path. */
export function handleMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  live: () => { ws: number; subscriptions: number },
) {
  if ((req.url ?? '').split('?')[0] !== METRICS_PATH) return false;
  const env = getEnv();
  const access = metricsAccess(req.headers.authorization, {
    token: env.METRICS_TOKEN,
    production: env.NODE_ENV === 'production',
  });
  if (access !== 'allowed') {
    const refusal = metricsRefusal(access);
    res.writeHead(refusal.status, { 'content-type': 'text/plain' });
    res.end(`${refusal.message}\n`);
    return true;
  }
  const metrics = webMetrics();
  const { ws, subscriptions } = live();
  metrics.wsConnections.set(ws);
  metrics.subscriptions.set(subscriptions);
  void metrics.registry.metrics().then((body) => {
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  });
  return true;
}
