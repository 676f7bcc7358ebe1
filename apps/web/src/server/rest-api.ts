// The REST face of the API (/api/rest/*, described by /api/openapi.json): the procedures whose
// meta declares `openapi`, served by trpc-to-openapi with the same context, limits, abuse limits
// and error formatter as /api/trpc, so whatever signs a caller in there signs them in here.
import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  createOpenApiNodeHttpHandler,
  forEachOpenApiProcedure,
  getInputOutputParsers,
  getPathRegExp,
  instanceofZodTypeCoercible,
  instanceofZodTypeKind,
  instanceofZodTypeObject,
  normalizePath,
  unwrapZodType,
} from 'trpc-to-openapi';

import { appRouter, errorIdFor, REST_BASE_PATH, retryAfterHeaderFor } from '@tiffin/api';

import { MAX_BODY_BYTES } from '../lib/request-limits';
import { webLog } from './logger';
import { httpRequestContext } from './trpc-http';

export const REST_HTTP_PREFIX = `${REST_BASE_PATH}/`;

/** The message trpc-to-openapi puts in place of the formatter's for any invalid input. */
const LIBRARY_VALIDATION_MESSAGE = 'Input validation failed';

/** A zod schema as trpc-to-openapi's helpers see it (they are typed for zod's own classes). */
type Schema = Parameters<typeof unwrapZodType>[0];

/**
 * The library switches `coerce` on in the input schemas it serves, in place; those objects are
 * tRPC's own, so "3" would then pass for 3 on /api/trpc too. Each number, boolean or date field
 * gets its own copy of `_def` to write to, while zod keeps parsing with the untouched original.
 */
function keepStrict(schema: Schema): void {
  if (!instanceofZodTypeObject(schema)) return;
  for (const field of Object.values(schema.shape)) {
    const inner = unwrapZodType(field, false);
    if (instanceofZodTypeCoercible(inner)) {
      // Schemas shared by several procedures (an order line) get their copy once.
      if (!Object.hasOwn(inner, '_def')) {
        Object.defineProperty(inner, '_def', { value: { ...inner._zod.def } });
      }
    } else {
      keepStrict(inner);
    }
  }
}

/** A GET route and the fields of its input that arrive as numbers or booleans. */
interface QueryRoute {
  path: RegExp;
  numbers: Set<string>;
  booleans: Set<string>;
}

/** Strict schemas for every REST procedure, and how each GET's query string maps to its input. */
function prepareRoutes(): QueryRoute[] {
  const routes: QueryRoute[] = [];
  forEachOpenApiProcedure(appRouter._def.procedures, ({ procedure, meta }) => {
    const { inputParser } = getInputOutputParsers(procedure);
    const input = unwrapZodType(inputParser, true);
    keepStrict(input);
    if (meta.openapi.method !== 'GET' || !instanceofZodTypeObject(input)) return;
    const route: QueryRoute = {
      path: getPathRegExp(normalizePath(meta.openapi.path)),
      numbers: new Set(),
      booleans: new Set(),
    };
    for (const [key, field] of Object.entries(input.shape as Record<string, Schema>)) {
      const inner = unwrapZodType(field, false);
      if (instanceofZodTypeKind(inner, 'number')) route.numbers.add(key);
      if (instanceofZodTypeKind(inner, 'boolean')) route.booleans.add(key);
    }
    routes.push(route);
  });
  return routes;
}

/** A query value as its field's type, when it is exactly one written the usual way. */
function queryValue(route: QueryRoute, key: string, value: string): unknown {
  if (route.numbers.has(key) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (route.booleans.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * A query string only carries text: numbers and booleans are read as such here (the library
 * takes `req.query` when present), and anything else is left for the schema to refuse.
 */
function parseQuery(req: IncomingMessage & { query?: unknown }, routes: QueryRoute[]): void {
  if (req.method !== 'GET') return;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = routes.find((r) => r.path.test(normalizePath(url.pathname)));
  if (!route) return;
  const query: Record<string, unknown[]> = {};
  url.searchParams.forEach((value, key) => {
    (query[key] ??= []).push(queryValue(route, key, value));
  });
  req.query = query;
}

/** Puts the error formatter's message (the first problem, for a person) back on invalid input. */
function humanValidationMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; issues?: { message?: unknown }[] };
    const first = parsed.issues?.[0]?.message;
    if (parsed.message !== LIBRARY_VALIDATION_MESSAGE || typeof first !== 'string') return body;
    return JSON.stringify({ ...parsed, message: first });
  } catch {
    return body;
  }
}

function keepHumanMessages(res: ServerResponse): void {
  const end = res.end.bind(res);
  // The library writes its whole JSON reply with one `end(string)` call.
  res.end = ((chunk?: unknown, ...rest: unknown[]) =>
    end(
      (res.statusCode === 400 && typeof chunk === 'string'
        ? humanValidationMessage(chunk)
        : chunk) as string,
      ...(rest as [BufferEncoding, () => void]),
    )) as typeof res.end;
}

export function createRestHandler() {
  const routes = prepareRoutes();
  const handler = createOpenApiNodeHttpHandler({
    router: appRouter,
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req }) => httpRequestContext(req),
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaderFor(errors) }),
    onError({ error, path, ctx }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        webLog().error('rest request failed', {
          procedure: path ?? null,
          errorId: errorIdFor(error),
          correlationId: ctx?.correlationId ?? null,
          error: String(error.cause ?? error),
        });
      }
    },
  });
  return (req: IncomingMessage, res: ServerResponse): void => {
    // The library routes on the path below the prefix (its documents' `servers` entry).
    req.url = (req.url ?? '/').slice(REST_BASE_PATH.length) || '/';
    parseQuery(req, routes);
    keepHumanMessages(res);
    handler(req, res).catch((error: unknown) => {
      webLog().error('rest request failed', { error: String(error) });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
}
