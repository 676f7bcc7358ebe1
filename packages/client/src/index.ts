// @tiffin/client: a typed client for Tiffin's API. `createTiffinClient({ url, token })` returns a
// tRPC client whose calls, subscriptions and errors are typed by the server's router.
import type { TRPCClient } from '@trpc/client';

import { createTRPCClient } from '@trpc/client';

import type { AppRouter } from './app-router';
import type { TokenSource } from './links';
import { HTTP_PATH, tiffinLinks, tiffinWebSocket, WS_PATH } from './links';

export type { AppRouter, RouterInputs, RouterOutputs } from './app-router';
export { domainErrorOf, isDomainError } from './domain-errors';
export type {
  DomainErrorCode,
  DomainErrorData,
  DomainErrorDetails,
  TiffinClientError,
} from './domain-errors';
export { HTTP_PATH, tiffinLinks, tiffinWebSocket, transformer, WS_PATH } from './links';
export type { TiffinLinkOptions, TiffinSocketOptions, TokenSource } from './links';

export interface TiffinClientOptions {
  /** The site's address, e.g. `https://tiffin.example` or `http://localhost:3000`. */
  url: string;
  /** An API token (`tfn_…`), created on the account's token page or with `auth.createToken`. */
  token?: TokenSource;
  /** A fetch to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
  /** A WebSocket class for subscriptions; Node 20 has none built in, so pass `ws`'s there. */
  WebSocket?: typeof globalThis.WebSocket;
}

export type TiffinClient = TRPCClient<AppRouter>;

/** Each client's socket, for closeTiffinClient (the client itself is a proxy of procedure paths). */
const sockets = new WeakMap<TiffinClient, { close(): Promise<void> }>();

/** Closes a client's subscription socket, if it opened one, so a script can exit. */
export async function closeTiffinClient(client: TiffinClient): Promise<void> {
  await sockets.get(client)?.close();
}

/** The socket's address for a site's address: http → ws, https → wss. */
function socketUrl(siteUrl: string): string {
  const url = new URL(WS_PATH, siteUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** A typed client for the Tiffin at `url`; subscriptions open a WebSocket on first use. */
export function createTiffinClient(opts: TiffinClientOptions): TiffinClient {
  const site = opts.url.replace(/\/+$/, '');
  const socket = tiffinWebSocket({
    url: socketUrl(site),
    token: opts.token,
    WebSocket: opts.WebSocket,
    lazyCloseMs: 5_000,
  });
  const client = createTRPCClient<AppRouter>({
    links: tiffinLinks<AppRouter>({
      httpUrl: `${site}${HTTP_PATH}`,
      token: opts.token,
      fetch: opts.fetch,
      subscriptions: socket,
    }),
  });
  sockets.set(client, socket);
  return client;
}
