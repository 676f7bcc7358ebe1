// The web process: one Node HTTP server on one port for Next's pages, the tRPC HTTP endpoint
// (/api/trpc, served directly: see src/server/trpc-http.ts) and its WebSocket (/api/trpc-ws).
import type { Server } from 'node:http';
import { createServer } from 'node:http';

import next from 'next';

import { inRequestSpan } from '@tiffin/events';
import { startTracing } from '@tiffin/events/tracing-sdk';

import { disableNextTelemetry, getEnv, listenHost, stripeConfigured } from './src/env';
import { handleApiDocs, isApiDocsPage, OPENAPI_JSON_PATH } from './src/server/api-docs';
import { settleForwardedFor } from './src/server/client-address';
import { handleCors } from './src/server/cors';
import { disconnectDb } from './src/server/db';
import { closeHealthRedis, handleHealth, markShuttingDown } from './src/server/health';
import { webLog } from './src/server/logger';
import { handleMetrics, observeHttp } from './src/server/metrics';
import { closeRedis } from './src/server/redis';
import { requestLimitRefusal, sendRefusal } from './src/server/request-guard';
import { createRestHandler, REST_HTTP_PREFIX } from './src/server/rest-api';
import { applySecurityHeaders } from './src/server/security-headers';
import { startSessionVersions, stopSessionVersions } from './src/server/session-versions';
import { getTrackingHub, stopTrackingHub } from './src/server/tracking-hub';
import { createTrpcHttpHandler, TRPC_HTTP_PREFIX } from './src/server/trpc-http';
import { attachTrpcWebSocket } from './src/server/trpc-ws';

const SHUTDOWN_TIMEOUT_MS = 10_000;
/**
 * How long a stopping server keeps serving (answering "Connection: close") before it stops
 * listening: kept-alive connections close themselves meanwhile, so none is cut while a client
 * is sending on it.
 */
const DRAIN_MS = 1_500;

async function main(): Promise<void> {
  disableNextTelemetry();
  const env = getEnv();
  // Before Next loads, so its spans, ours and every log line share one context manager.
  const tracing = startTracing({
    serviceName: 'tiffin-web',
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const dev = env.NODE_ENV !== 'production';

  const host = listenHost(env);
  const app = next({ dev, hostname: host, port: env.PORT, dir: import.meta.dirname });
  const handle = app.getRequestHandler();
  await app.prepare();

  const trpcHandler = createTrpcHttpHandler();
  const restHandler = createRestHandler();
  const headerOptions = {
    dev,
    https: env.NEXTAUTH_URL?.startsWith('https:') ?? false,
    tileOrigin: env.NEXT_PUBLIC_MAP_TILE_URL
      ? new URL(env.NEXT_PUBLIC_MAP_TILE_URL).origin
      : undefined,
    stripe: stripeConfigured(env),
  };
  let shuttingDown = false;
  // Headers up to 64 KiB are read, so an over-long address gets the guard's clear 414, not a bare 431.
  const server: Server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    // While stopping, finish each request but tell the client not to reuse the connection.
    if (shuttingDown) res.setHeader('connection', 'close');
    if (env.INSTANCE_NAME) res.setHeader('x-tiffin-instance', env.INSTANCE_NAME);
    const url = req.url ?? '/';
    const nonce = applySecurityHeaders(req, res, {
      ...headerOptions,
      page: (!url.startsWith('/api/') && !url.startsWith('/_next/')) || isApiDocsPage(url),
    });
    observeHttp(req, res);
    if (handleHealth(req, res)) return;
    const refusal = requestLimitRefusal(req, TRPC_HTTP_PREFIX);
    if (refusal) {
      const shape = url.startsWith(TRPC_HTTP_PREFIX)
        ? 'trpc'
        : url.startsWith(REST_HTTP_PREFIX)
          ? 'rest'
          : 'text';
      sendRefusal(res, refusal, shape);
      return;
    }
    const live = () => ({
      ws: websocket.wss.clients.size,
      subscriptions: getTrackingHub().subscriberCount,
    });
    if (handleMetrics(req, res, live)) return;
    if (url.startsWith(TRPC_HTTP_PREFIX)) {
      if (handleCors(req, res, env.ALLOWED_ORIGINS)) return;
      inRequestSpan(req, res, TRPC_HTTP_PREFIX, () => trpcHandler(req, res));
      return;
    }
    // REST and its document: the same CORS allowlist as /api/trpc.
    if (url.startsWith(REST_HTTP_PREFIX) || url.startsWith(OPENAPI_JSON_PATH)) {
      if (handleCors(req, res, env.ALLOWED_ORIGINS)) return;
    }
    if (url.startsWith(REST_HTTP_PREFIX)) {
      restHandler(req, res);
      return;
    }
    if (handleApiDocs(req, res, nonce)) return;
    settleForwardedFor(req, env.TRUST_PROXY);
    handle(req, res).catch((error: unknown) => {
      webLog().error('request failed', { url: req.url, error: String(error) });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  // Idle keep-alive connections stay open well past any client's or proxy's own idle timeout, so
  // the client always closes first: a request sent on a socket the server had just closed (Node's
  // default is 5 s) fails with ECONNRESET before it ever reaches us.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    // Node would answer a bare 431 or 400; say what was wrong instead.
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = tooLarge
      ? "The request's address or headers are too large."
      : 'The request could not be understood.';
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
  const websocket = attachTrpcWebSocket(server, {
    pingMs: env.WS_PING_MS,
    pongWaitMs: env.WS_PONG_WAIT_MS,
  });
  // The WebSocket handshake names its instance too, so a client knows which process it is on.
  const instanceName = env.INSTANCE_NAME;
  if (instanceName) {
    websocket.wss.on('headers', (headers) => headers.push(`x-tiffin-instance: ${instanceName}`));
  }

  startSessionVersions();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, host, resolve);
  });
  webLog().info(`Tiffin web listening on http://localhost:${env.PORT}`, { host, port: env.PORT });

  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    markShuttingDown();
    webLog().info('web stopping', { signal });
    // Subscribers first: they reconnect elsewhere (or here, after the restart) and resume.
    void websocket
      .close()
      .then(() => new Promise((resolve) => setTimeout(resolve, DRAIN_MS)))
      .then(() => closeServer(server))
      .then(() => stopTrackingHub())
      .then(() => stopSessionVersions())
      .then(() => closeHealthRedis())
      .then(() => closeRedis())
      .then(() => disconnectDb())
      .then(() => app.close())
      .then(() => tracing.stop())
      .catch((error: unknown) => webLog().error('error during shutdown', { error: String(error) }))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** Stops accepting connections, lets in-flight requests finish, and gives up after a bound. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      webLog().warn(
        `[web] connections still open after ${SHUTDOWN_TIMEOUT_MS / 1000}s; closing them`,
      );
      server.closeAllConnections();
      resolve();
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

main().catch((error: unknown) => {
  console.error('[web] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
