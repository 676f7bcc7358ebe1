// The tRPC HTTP endpoint (/api/trpc), served by server.ts in front of Next: the API's hottest
// path skips Next's routing, which measured about a millisecond of CPU per request. server.ts
// refuses requests over the size limits before they reach it (request-guard.ts).
// Queries and mutations with JSON input, single or batched, are served by trpc-direct-call.ts
// without fetch-style objects. The rest goes to tRPC's own resolveResponse, with the body read
// into a string and the answer written with one res.end: tRPC's Node adapter streams both through
// web streams and aborts a signal after every request, which profiled as a large share of the
// web layer's CPU per order (see docs/benchmarks.md).
import type { IncomingMessage, ServerResponse } from 'node:http';

import { getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import { resolveResponse } from '@trpc/server/http';

import { errorIdFor, retryAfterHeaderFor } from '@tiffin/api';

import { getEnv } from '../env';
import { MAX_BATCH_SIZE, MAX_BODY_BYTES } from '../lib/request-limits';
import { servedRouter } from './api-router';
import { clientAddressOf } from './client-address';
import { webLog } from './logger';
import { CORRELATION_HEADER, createRequestContext } from './trpc-context';
import { directCall } from './trpc-direct-call';

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
  const router = servedRouter();
  return (req: IncomingMessage, res: ServerResponse): void => {
    serve(router, req, res).catch((error: unknown) => {
      webLog().error('trpc request failed', { error: String(error) });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
}

async function serve(
  router: ReturnType<typeof servedRouter>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: string | undefined;
  let error: TRPCError | null = null;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (cause) {
      error = getTRPCErrorFromUnknown(cause);
    }
  }
  const target = req.url ?? '/';
  const query = target.indexOf('?');
  const pathname = query === -1 ? target : target.slice(0, query);
  if (!error && pathname.startsWith(TRPC_HTTP_PREFIX)) {
    const answer = await directCall({
      router,
      method: req.method ?? 'GET',
      path: pathname.slice(TRPC_HTTP_PREFIX.length),
      search: query === -1 ? '' : target.slice(query + 1),
      headers: req.headers,
      body,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: () => httpRequestContext(req),
      headersFor: retryAfterHeaderFor,
      onError: ({ error: failure, path, ctx }) => logUnexpected(failure, path, ctx),
    });
    if (answer) {
      if (res.statusCode === 200) res.statusCode = answer.status;
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      res.end(answer.body);
      return;
    }
  }

  const controller = new AbortController();
  // Only a client gone before its answer aborts: a finished request builds no abort error.
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const url = new URL(target, 'http://localhost');
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.append(name, value);
  }
  const request = new Request(url, {
    method: req.method,
    headers,
    body,
    signal: controller.signal,
  });
  const response = await resolveResponse({
    router,
    req: request,
    path: url.pathname.slice(TRPC_HTTP_PREFIX.length),
    error,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: () => httpRequestContext(req),
    // A refusal by an abuse limit says when to come back.
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaderFor(errors) }),
    onError: ({ error: failure, path, ctx }) => logUnexpected(failure, path, ctx),
  });
  if (res.statusCode === 200) res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  // What tRPC streams (jsonl batches, server-sent events) is passed on chunk by chunk.
  const streamed =
    response.headers.get('transfer-encoding') === 'chunked' ||
    (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  if (!response.body) {
    res.end();
  } else if (streamed) {
    const reader = response.body.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (!res.write(next.value)) {
        await new Promise((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      if (controller.signal.aborted) {
        await reader.cancel();
        break;
      }
    }
    res.end();
  } else {
    res.end(await response.text());
  }
}

/** Expected errors (bad input, conflicts, auth) are the client's to show; only bugs are logged. */
function logUnexpected(
  failure: TRPCError,
  path: string | undefined,
  ctx: { correlationId: string } | undefined,
): void {
  if (failure.code !== 'INTERNAL_SERVER_ERROR') return;
  webLog().error('trpc request failed', {
    procedure: path ?? null,
    errorId: errorIdFor(failure),
    correlationId: ctx?.correlationId ?? null,
    error: String(failure.cause ?? failure),
  });
}

/** The body as text, refused past `limit` bytes: a chunked body declares no length up front. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      reject(new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }));
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
