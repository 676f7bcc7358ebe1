// The tRPC HTTP endpoint (/api/trpc), served by server.ts in front of Next: the API's hottest
// path skips Next's routing, which measured about a millisecond of CPU per request. server.ts
// refuses requests over the size limits before they reach it (request-guard.ts).
import type { IncomingMessage } from 'node:http';

import { createHTTPHandler } from '@trpc/server/adapters/standalone';

import { errorIdFor, retryAfterHeaderFor } from '@tiffin/api';

import { getEnv } from '../env';
import { MAX_BATCH_SIZE, MAX_BODY_BYTES } from '../lib/request-limits';
import { servedRouter } from './api-router';
import { clientAddressOf } from './client-address';
import { webLog } from './logger';
import { CORRELATION_HEADER, createRequestContext } from './trpc-context';

export const TRPC_HTTP_PREFIX = '/api/trpc/';

/** The context of one HTTP request; the REST endpoints (rest-api.ts) use it too, so auth is one rule. */
export function httpRequestContext(req: IncomingMessage) {
  return createRequestContext({
    cookieHeader: req.headers.cookie,
    authorizationHeader: req.headers.authorization,
    correlationHeader: req.headers[CORRELATION_HEADER],
    transport: 'http',
    clientAddress: clientAddressOf(req, getEnv().TRUST_PROXY),
  });
}

export function createTrpcHttpHandler() {
  return createHTTPHandler({
    router: servedRouter(),
    basePath: TRPC_HTTP_PREFIX,
    // Backstops for what the guard cannot see up front: a chunked body has no declared length.
    maxBatchSize: MAX_BATCH_SIZE,
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req }) => httpRequestContext(req),
    // A refusal by an abuse limit says when to come back.
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaderFor(errors) }),
    onError({ error, path, ctx }) {
      // Expected errors (bad input, conflicts, auth) are the client's to show; only bugs are logged.
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        webLog().error('trpc request failed', {
          procedure: path ?? null,
          errorId: errorIdFor(error),
          correlationId: ctx?.correlationId ?? null,
          error: String(error.cause ?? error),
        });
      }
    },
  });
}
