// Talking to a running Tiffin from outside the browser: tRPC over HTTP, next-auth sign-in, and
// the test-only `qa.*` procedures. The fixtures and the screenshot script both build on this;
// specs import it through fixtures.ts.
//
// Every call goes through @tiffin/client's links (superjson both ways, so a Date arrives as a
// Date). The types come from the routers, so a renamed procedure breaks the build, not the run.
import type { APIRequestContext } from '@playwright/test';
import type { TRPCUntypedClient } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';

import { createTRPCUntypedClient, TRPCClientError } from '@trpc/client';
import { observable } from '@trpc/server/observable';

import type { RouterInputs, RouterOutputs } from '@tiffin/api';
import type { QaRouterInputs, QaRouterOutputs } from '@tiffin/api/qa';
import { HTTP_PATH, tiffinLinks } from '@tiffin/client';

/** The stack under test (playwright.config.ts's baseURL). */
const BASE_URL = process.env.TIFFIN_BASE_URL ?? 'http://localhost:3000';

/** The seeded demo users (packages/db/src/seed/seed-data.ts); dev-only passwords. */
export const USERS = {
  customer: { email: 'customer@tiffin.test', password: 'tiffin-demo-1', name: 'Asha Patel' },
  secondCustomer: { email: 'customer2@tiffin.test', password: 'tiffin-demo-1', name: 'Ben Carter' },
  staff: { email: 'staff@tiffin.test', password: 'tiffin-demo-1', name: 'Vikram Singh' },
  courier: { email: 'courier@tiffin.test', password: 'tiffin-demo-1', name: 'Marco Rossi' },
  admin: { email: 'admin@tiffin.test', password: 'tiffin-demo-1', name: 'Dana Okafor' },
} as const;

export type UserKey = keyof typeof USERS;

/** A tRPC error as the server's errorFormatter sends it (`data` has fieldErrors, shortLines…). */
export class TrpcCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly data: Record<string, unknown>,
  ) {
    super(message);
  }
}

export type Kind = 'query' | 'mutation';

/**
 * `fetch` over a Playwright request context, so calls carry its cookies (and its baseURL, or a
 * deployed stack's) while @tiffin/client does the wire format.
 */
function fetchThrough(request: APIRequestContext): typeof globalThis.fetch {
  return async (url, init) => {
    const send = () =>
      request.fetch(typeof url === 'string' ? url : url instanceof URL ? url.href : url.url, {
        method: init?.method ?? 'GET',
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
        data: typeof init?.body === 'string' ? init.body : undefined,
      });
    const response = await send().catch((error: unknown) => {
      // A pooled keep-alive socket the server closed as idle (Node's 5 s keepAliveTimeout) at the
      // moment it was reused: the request never reached the server, so sending it again is safe.
      if (error instanceof Error && error.message.includes('ECONNRESET')) return send();
      throw error;
    });
    return new Response(await response.text(), {
      status: response.status(),
      headers: response.headers(),
    });
  };
}

/** Each request context's client: HTTP links from @tiffin/client, one call per request. */
const clients = new WeakMap<APIRequestContext, TRPCUntypedClient<AnyTRPCRouter>>();

function clientFor(request: APIRequestContext): TRPCUntypedClient<AnyTRPCRouter> {
  let client = clients.get(request);
  if (!client) {
    client = createTRPCUntypedClient({
      links: tiffinLinks({
        httpUrl: `${BASE_URL}${HTTP_PATH}`,
        token: process.env.TIFFIN_QA_TOKEN,
        fetch: fetchThrough(request),
        // One call per request, as before: a failing call never takes others with it.
        maxItems: 1,
        subscriptions: () => () =>
          observable((observer) => observer.error(new TRPCClientError('No subscriptions here.'))),
      }),
    });
    clients.set(request, client);
  }
  return client;
}

/** One tRPC call through a Playwright request context, by @tiffin/client's links (superjson). */
export async function trpcCall<T>(
  request: APIRequestContext,
  path: string,
  input: unknown,
  kind: Kind,
): Promise<T> {
  const client = clientFor(request);
  try {
    return (await (kind === 'query'
      ? client.query(path, input)
      : client.mutation(path, input))) as T;
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = (error.data ?? {}) as { code?: string; httpStatus?: number } & Record<
      string,
      unknown
    >;
    throw new TrpcCallError(data.httpStatus ?? 0, data.code ?? 'UNKNOWN', error.message, data);
  }
}

/** Signs in through next-auth's Credentials endpoint; the session cookie lands in `request`. */
export async function signInThroughApi(
  request: APIRequestContext,
  user: { email: string; password: string },
): Promise<void> {
  const csrf = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken: csrf.csrfToken, email: user.email, password: user.password, json: 'true' },
    maxRedirects: 0,
  });
  const session = await request.get('/api/auth/session');
  const body = (await session.json()) as { user?: { email?: string } };
  if (body.user?.email !== user.email) {
    throw new Error(`sign-in as ${user.email} failed (HTTP ${response.status()})`);
  }
}

type Procedures = RouterInputs & RouterOutputs;

/** A typed product API call, e.g. `call('order.mine', undefined, 'query')`. */
export type Call = <
  R extends keyof RouterInputs,
  P extends keyof RouterInputs[R] & keyof Procedures[R],
>(
  path: `${R & string}.${P & string}`,
  input: RouterInputs[R][P],
  kind?: Kind,
) => Promise<RouterOutputs[R][P & keyof RouterOutputs[R]]>;

export function callerFor(request: APIRequestContext): Call {
  return (path, input, kind = 'mutation') => trpcCall(request, path, input, kind);
}

type QaProcedure = keyof QaRouterInputs['qa'];

/** The `qa.*` procedures (served only when the stack runs with QA_ROUTES=enabled). */
export type Qa = {
  [P in QaProcedure]: (input: QaRouterInputs['qa'][P]) => Promise<QaRouterOutputs['qa'][P]>;
};

export function qaClient(request: APIRequestContext): Qa {
  const procedure =
    <P extends QaProcedure>(name: P) =>
    (input: QaRouterInputs['qa'][P]) =>
      trpcCall<QaRouterOutputs['qa'][P]>(request, `qa.${name}`, input, 'mutation');
  return {
    createRestaurant: procedure('createRestaurant'),
    createUser: procedure('createUser'),
    setStock: procedure('setStock'),
    holdOrder: procedure('holdOrder'),
    releaseOrder: procedure('releaseOrder'),
    fireTimer: procedure('fireTimer'),
    deadLetter: procedure('deadLetter'),
  };
}

export type PlacedOrder = RouterOutputs['order']['place'];

/**
 * The outcome of the browser's `order.place` call, read from its batched HTTP response
 * (`POST /api/trpc/order.place?batch=1` answers `[{ result }]` or `[{ error }]`).
 */
export function placeResultFrom(body: unknown): PlacedOrder | TrpcCallError {
  const [entry] = body as [
    {
      result?: { data: { json: PlacedOrder } };
      error?: { json: { message: string; data: { code: string; httpStatus: number } } };
    },
  ];
  if (entry.result) return entry.result.data.json;
  const error = entry.error?.json;
  return new TrpcCallError(
    error?.data.httpStatus ?? 0,
    error?.data.code ?? 'UNKNOWN',
    error?.message ?? 'order.place failed',
    error?.data ?? {},
  );
}
