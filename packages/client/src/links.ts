// The one way Tiffin's API is called: queries and mutations as batched HTTP to /api/trpc,
// subscriptions over the WebSocket at /api/trpc-ws, superjson on both, an API token (when given)
// as `Authorization: Bearer` and as connectionParams. The web app builds its links here too.
import type { TRPCLink, TRPCWebSocketClient } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';

import { createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import superjson from 'superjson';

/** Where the HTTP endpoint lives under a Tiffin site's address. */
export const HTTP_PATH = '/api/trpc';
/** Where the WebSocket endpoint lives (it must not match a page, so it is not `/`). */
export const WS_PATH = '/api/trpc-ws';

/** The transformer the server uses; a client with another one cannot read its Dates. */
export const transformer = superjson;

/** A token, or a function that returns the current one (read on every request). */
export type TokenSource = string | (() => string | null | undefined);

function currentToken(token: TokenSource | undefined): string | null {
  const value = typeof token === 'function' ? token() : token;
  return value ? value : null;
}

export interface TiffinLinkOptions<TRouter extends AnyTRPCRouter> {
  /** The HTTP endpoint: `https://tiffin.example/api/trpc`, or `/api/trpc` in the site's own pages. */
  httpUrl: string;
  /** Sent as `Authorization: Bearer <token>` (pages of the site itself use their cookie instead). */
  token?: TokenSource;
  /** A fetch to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
  /** Subscriptions go here: a WebSocket client, or a link (say, one that refuses on a server). */
  subscriptions: TRPCWebSocketClient | TRPCLink<TRouter>;
  /** Most calls in one HTTP batch (the server refuses bigger ones). */
  maxItems?: number;
  /** Longest GET address; a longer batch goes out as smaller ones. */
  maxURLLength?: number;
}

function isLink<TRouter extends AnyTRPCRouter>(
  value: TRPCWebSocketClient | TRPCLink<TRouter>,
): value is TRPCLink<TRouter> {
  return typeof value === 'function';
}

/** Tiffin's links: HTTP for queries and mutations, the WebSocket for subscriptions. */
export function tiffinLinks<TRouter extends AnyTRPCRouter>(
  opts: TiffinLinkOptions<TRouter>,
): TRPCLink<TRouter>[] {
  const subscriptionLink = isLink(opts.subscriptions)
    ? opts.subscriptions
    : wsLink<TRouter>({ client: opts.subscriptions, transformer });
  return [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: subscriptionLink,
      false: httpBatchLink({
        url: opts.httpUrl,
        transformer,
        fetch: opts.fetch,
        maxItems: opts.maxItems,
        maxURLLength: opts.maxURLLength,
        headers: () => {
          const token = currentToken(opts.token);
          return token ? { authorization: `Bearer ${token}` } : {};
        },
        // Cast: tRPC types the transformer option by the router, unknown for a generic one.
      } as unknown as Parameters<typeof httpBatchLink<TRouter>>[0]),
    }),
  ];
}

export interface TiffinSocketOptions {
  /** The WebSocket endpoint, e.g. `wss://tiffin.example/api/trpc-ws`. */
  url: string | (() => string);
  token?: TokenSource;
  /** A WebSocket class: Node 20 has none built in, so pass `ws`'s there. */
  WebSocket?: typeof globalThis.WebSocket;
  /** Open the socket on the first subscription and close it this long after the last one ends. */
  lazyCloseMs?: number;
  retryDelayMs?: (attempt: number) => number;
  onOpen?: () => void;
  onClose?: () => void;
}

/** A WebSocket client as Tiffin's server expects it: kept alive, with the token as connectionParams. */
export function tiffinWebSocket(opts: TiffinSocketOptions): TRPCWebSocketClient {
  return createWSClient({
    url: opts.url,
    WebSocket: opts.WebSocket,
    // Only sent (and only awaited by the server) when there is a token.
    connectionParams:
      opts.token === undefined
        ? undefined
        : () => {
            const token = currentToken(opts.token);
            return token ? { token } : {};
          },
    lazy: opts.lazyCloseMs === undefined ? undefined : { enabled: true, closeMs: opts.lazyCloseMs },
    // The server pings every 30 s; this notices a dead socket (sleep, a dropped network) sooner.
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 3_000 },
    retryDelayMs: opts.retryDelayMs,
    onOpen: opts.onOpen,
    onClose: opts.onClose,
  });
}
