// The common shape of a tRPC HTTP call served without fetch-style objects: a query (GET) or a
// mutation (POST) with a JSON input, one call or a non-streaming batch. tRPC's resolveResponse
// builds an undici Request, Headers, AbortSignals and a Response with a web stream for every call,
// which profiled as a large share of the web layer's CPU per order (see docs/benchmarks.md).
// Each call still runs through tRPC's own procedure (middlewares, input and output parsers) and
// its errors through tRPC's getErrorShape and status mapping, so the wire format is the same.
// Anything else (subscriptions over SSE, jsonl streaming, form data, unknown procedures, input
// that does not parse) returns `undefined`, and the caller hands it to resolveResponse, whose
// answers and errors for those cases stay tRPC's own.
import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';
import type { TRPCResponse } from '@trpc/server/rpc';
import type { DefaultErrorShape, RootConfig } from '@trpc/server/unstable-core-do-not-import';

import { getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCode,
  isAsyncIterable,
  isObject,
  isPromise,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';

/** One answer, ready to write. */
export interface DirectAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface DirectCallOptions<TRouter extends AnyTRPCRouter, TContext extends object> {
  router: TRouter;
  method: string;
  /** The procedure path(s) after the endpoint's prefix, as in the URL (still percent-encoded). */
  path: string;
  /** The URL's query string, without the leading `?`. */
  search: string;
  headers: { accept?: string; 'trpc-accept'?: string | string[]; 'content-type'?: string };
  body: string | undefined;
  maxBatchSize: number;
  createContext: () => Promise<TContext>;
  /** Headers for the answer, from the errors it carries (e.g. Retry-After). */
  headersFor: (errors: TRPCError[]) => Record<string, string> | undefined;
  onError: (opts: { error: TRPCError; path: string; ctx: TContext | undefined }) => void;
}

interface PlannedCall {
  path: string;
  procedure: AnyTRPCProcedure;
  input: unknown;
}

/** The parts of a router's config used here; tRPC types any router's config with `any`. */
type ServedConfig = RootConfig<{
  ctx: object;
  meta: object;
  errorShape: DefaultErrorShape;
  transformer: true;
}>;

/** A router's procedures by path; tRPC types any router's map with `any`. */
function proceduresOf(router: AnyTRPCRouter): Record<string, AnyTRPCProcedure | undefined> {
  return router._def.procedures as Record<string, AnyTRPCProcedure | undefined>;
}

const TYPE_FOR_METHOD = { GET: 'query', POST: 'mutation' } as const;

/** Serves the call if it has the common shape; `undefined` hands it to tRPC's resolveResponse. */
export async function directCall<TRouter extends AnyTRPCRouter, TContext extends object>(
  opts: DirectCallOptions<TRouter, TContext>,
): Promise<DirectAnswer | undefined> {
  const plan = planCalls(opts);
  if (!plan) return undefined;
  const { calls, batch } = plan;
  const config = opts.router._def._config as ServedConfig;

  let ctx: TContext | undefined;
  let ctxError: TRPCError | undefined;
  try {
    ctx = await opts.createContext();
  } catch (cause) {
    ctxError = getTRPCErrorFromUnknown(cause);
  }

  const outcomes = await Promise.all(
    calls.map(async (call, batchIndex): Promise<[TRPCError] | [undefined, unknown]> => {
      try {
        if (ctxError) throw ctxError;
        const data: unknown = await call.procedure({
          path: call.path,
          getRawInput: () => Promise.resolve(call.input),
          ctx,
          type: call.procedure._def.type,
          signal: undefined,
          batchIndex,
        });
        if (isDataStream(data)) {
          return [
            new TRPCError({
              code: 'UNSUPPORTED_MEDIA_TYPE',
              message:
                'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
            }),
          ];
        }
        return [undefined, data];
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        opts.onError({ error, path: call.path, ctx });
        return [error];
      }
    }),
  );

  const errors: TRPCError[] = [];
  const items: TRPCResponse[] = outcomes.map(([error, data], index) => {
    if (!error) return { result: { data } };
    errors.push(error);
    const call = calls[index]!;
    return {
      error: getErrorShape({
        config,
        ctx,
        error,
        input: call.input,
        path: call.path,
        type: call.procedure._def.type,
      }),
    };
  });
  const untransformed = batch ? items : items[0]!;
  return {
    status: getHTTPStatusCode(untransformed),
    headers: {
      vary: 'trpc-accept, accept',
      'content-type': 'application/json',
      ...opts.headersFor(errors),
    },
    body: JSON.stringify(transformTRPCResponse(config, untransformed)),
  };
}

/** The calls to make, or `undefined` when the request is not of the shape served here. */
function planCalls<TRouter extends AnyTRPCRouter, TContext extends object>(
  opts: DirectCallOptions<TRouter, TContext>,
): { calls: PlannedCall[]; batch: boolean } | undefined {
  const { method, headers } = opts;
  if (method !== 'GET' && method !== 'POST') return undefined;
  const type = TYPE_FOR_METHOD[method];
  if (headers['trpc-accept'] !== undefined || headers.accept === 'application/jsonl') {
    return undefined;
  }
  const contentType = headers['content-type'];
  if (method === 'POST' && !contentType?.startsWith('application/json')) return undefined;
  if (
    method === 'GET' &&
    contentType !== undefined &&
    !contentType.startsWith('application/json')
  ) {
    return undefined;
  }

  const params = new URLSearchParams(opts.search);
  const batch = params.get('batch') === '1';
  let path: string;
  try {
    path = decodeURIComponent(opts.path);
  } catch {
    return undefined;
  }
  const paths = batch ? path.split(',') : [path];
  if (batch && paths.length > opts.maxBatchSize) return undefined;

  let raw: unknown;
  try {
    const text = method === 'GET' ? params.get('input') : opts.body;
    raw = text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
  if (batch && raw !== undefined && !isObject(raw)) return undefined;

  const transformer = (opts.router._def._config as ServedConfig).transformer;
  const procedures = proceduresOf(opts.router);
  const calls: PlannedCall[] = [];
  for (const [index, callPath] of paths.entries()) {
    const procedure = procedures[callPath];
    // Unknown paths, lazy routers and the wrong method get tRPC's own errors.
    if (!procedure || procedure._def.type !== type) return undefined;
    const rawInput = batch ? (raw as Record<string, unknown> | undefined)?.[index] : raw;
    let input: unknown;
    try {
      input = rawInput === undefined ? undefined : transformer.input.deserialize(rawInput);
    } catch {
      return undefined;
    }
    calls.push({ path: callPath, procedure, input });
  }
  return { calls, batch };
}

/** What tRPC refuses to answer outside a streaming link: an async iterable or pending values. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  const values = Object.values(value);
  return values.some(isPromise) || values.some(isAsyncIterable);
}
