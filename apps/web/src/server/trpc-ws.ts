// The tRPC WebSocket endpoint (/api/trpc-ws) on the web server's own port, for subscriptions.
// The session comes from the upgrade request's cookie (a page on another site is refused before
// the handshake) or from an API token sent as connectionParams `{ token }`; keepAlive drops
// clients that stop answering. Only our path is upgraded here; Next handles its own (HMR in dev).
import type { IncomingMessage, Server } from 'node:http';

import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';

import { errorIdFor } from '@tiffin/api';

import { getEnv } from '../env';
import { MAX_BODY_BYTES } from '../lib/request-limits';
import { isOriginAllowed } from './allowed-origins';
import { servedRouter } from './api-router';
import { webLog } from './logger';
import { CORRELATION_HEADER, createRequestContext } from './trpc-context';
import { keepSocketsAlive } from './websocket-keep-alive';

export const TRPC_WS_PATH = '/api/trpc-ws';

/**
 * What a connection keeps of its upgrade request: tRPC's adapter holds the request for the
 * socket's whole life, and reads only its url and these headers (see createContext below).
 */
function keptRequest(req: IncomingMessage): IncomingMessage {
  const { host, cookie } = req.headers;
  const correlation = req.headers[CORRELATION_HEADER];
  const headers = {
    ...(host === undefined ? {} : { host }),
    ...(cookie === undefined ? {} : { cookie }),
    ...(correlation === undefined ? {} : { [CORRELATION_HEADER]: correlation }),
  };
  // Typed boundary: the adapter's type asks for a whole IncomingMessage it never uses more of.
  return { url: req.url, headers } as unknown as IncomingMessage;
}

export interface KeepAlive {
  pingMs: number;
  pongWaitMs: number;
}

export function attachTrpcWebSocket(server: Server, keepAlive: KeepAlive) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const env = getEnv();
  const policy = { siteUrl: env.NEXTAUTH_URL, allowedOrigins: env.ALLOWED_ORIGINS };
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== TRPC_WS_PATH) return;
    if (!isOriginAllowed(req.headers.origin, req.headers.host, policy)) {
      webLog().warn('websocket refused: origin not allowed', { origin: req.headers.origin });
      const body = 'This site does not accept live connections from pages on other sites.';
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (client) =>
      wss.emit('connection', client, keptRequest(req)),
    );
  });
  const handler = applyWSSHandler({
    wss,
    router: servedRouter(),
    createContext: ({ req, info }) => {
      const { cookie, [CORRELATION_HEADER]: correlationHeader } = req.headers;
      // Read once per connection: the session cookie (a JWT of about a kilobyte, a copy per
      // socket) need not live as long as the socket does.
      req.headers = {};
      return createRequestContext({
        cookieHeader: cookie,
        connectionParams: info.connectionParams,
        correlationHeader,
        transport: 'websocket',
      });
    },
    // One timer for every socket (websocket-keep-alive.ts) rather than tRPC's two per socket.
    keepAlive: { enabled: false },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        webLog().error('trpc-ws request failed', {
          procedure: path ?? null,
          errorId: errorIdFor(error),
          error: String(error.cause ?? error),
        });
      }
    },
  });
  const stopKeepAlive = keepSocketsAlive(wss, keepAlive);
  return {
    wss,
    /** Tells every client to reconnect (to another instance, or to us after a restart). */
    async close(): Promise<void> {
      handler.broadcastReconnectNotification();
      stopKeepAlive();
      for (const client of wss.clients) client.close(1012, 'server restarting');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
