'use client';

// The browser's tRPC client: typed hooks over React Query. Queries and mutations go as batched
// HTTP to /api/trpc; subscriptions go over one WebSocket per tab to /api/trpc-ws. The links are
// @tiffin/client's, so the site and outside apps call the API the same way.
import type { TRPCLink, TRPCWebSocketClient } from '@trpc/client';
import type { ReactNode } from 'react';

import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import { observable } from '@trpc/server/observable';

import type { AppRouter } from '@tiffin/api';
import { HTTP_PATH, tiffinLinks, tiffinWebSocket, WS_PATH } from '@tiffin/client';

import { MAX_BATCH_SIZE, MAX_URL_LENGTH } from '../lib/request-limits';
import { socketStatusFeed } from '../lib/socket-status';

export const api = createTRPCReact<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Server components already sent fresh data; don't refetch it the moment we hydrate.
        staleTime: 10_000,
        retry: 1,
      },
    },
  });
}

/** Quick retries, capped low: after a network drop the page should catch up within seconds. */
function retryDelayMs(attempt: number): number {
  return attempt === 0 ? 0 : Math.min(500 * 2 ** attempt, 5_000);
}

function createBrowserWsClient(): TRPCWebSocketClient {
  const client = tiffinWebSocket({
    url: () => {
      const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      return `${protocol}//${window.location.host}${WS_PATH}`;
    },
    // Pages without a subscription hold no socket; a live one keeps it open (and pinged).
    lazyCloseMs: 5_000,
    retryDelayMs,
    onOpen: () => socketStatusFeed.opened(),
    onClose: () => socketStatusFeed.closed(),
  });
  // The browser knows the network is gone before any ping times out: drop the socket now, so the
  // reconnect (which resends lastEventId) starts as soon as there is a network again.
  window.addEventListener('offline', () => client.connection?.ws.close());
  return client;
}

// One socket per tab, shared by every provider and surviving StrictMode's double render.
let browserWsClient: TRPCWebSocketClient | undefined;

/** Nothing subscribes during SSR (subscriptions start in effects); fail loudly if something does. */
const noSubscriptionsOnServer: TRPCLink<AppRouter> = () => () =>
  observable((observer) => {
    observer.error(new TRPCClientError('Subscriptions run in the browser only.'));
  });

function subscriptions(): TRPCWebSocketClient | TRPCLink<AppRouter> {
  if (typeof window === 'undefined') return noSubscriptionsOnServer;
  browserWsClient ??= createBrowserWsClient();
  return browserWsClient;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    api.createClient({
      // The page's own cookie signs its calls in; no token.
      links: tiffinLinks<AppRouter>({
        httpUrl: HTTP_PATH,
        subscriptions: subscriptions(),
        maxItems: MAX_BATCH_SIZE,
        // Leaves room for the origin and path: a longer batch goes out as smaller ones.
        maxURLLength: MAX_URL_LENGTH - 512,
      }),
    }),
  );

  return (
    <api.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </api.Provider>
  );
}
