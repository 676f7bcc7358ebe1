'use client';

// The browser's tRPC client: typed hooks over React Query. Queries and mutations go as batched
// HTTP to /api/trpc; subscriptions go over one WebSocket per tab to /api/trpc-ws.
import type { TRPCLink, TRPCWebSocketClient } from '@trpc/client';
import type { ReactNode } from 'react';

import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createWSClient, httpBatchLink, splitLink, TRPCClientError, wsLink } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import { observable } from '@trpc/server/observable';
import superjson from 'superjson';

import type { AppRouter } from '@tiffin/api';

import { MAX_BATCH_SIZE, MAX_URL_LENGTH } from '../lib/request-limits';
import { socketStatusFeed } from '../lib/socket-status';

export const api = createTRPCReact<AppRouter>();

/** Must not match a Next page or route: Next ends upgrades on those paths. */
const WS_PATH = '/api/trpc-ws';

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
  const client = createWSClient({
    url: () => {
      const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      return `${protocol}//${window.location.host}${WS_PATH}`;
    },
    // Pages without a subscription hold no socket; a live one keeps it open (and pinged).
    lazy: { enabled: true, closeMs: 5_000 },
    // Detects a dead socket (sleep, Wi-Fi drop) within 13 s; the server pings every 30 s.
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 3_000 },
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

function subscriptionLink(): TRPCLink<AppRouter> {
  if (typeof window === 'undefined') return noSubscriptionsOnServer;
  browserWsClient ??= createBrowserWsClient();
  return wsLink<AppRouter>({ client: browserWsClient, transformer: superjson });
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    api.createClient({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: subscriptionLink(),
          false: httpBatchLink({
            url: '/api/trpc',
            transformer: superjson,
            maxItems: MAX_BATCH_SIZE,
            // Leaves room for the origin and path: a longer batch goes out as smaller ones.
            maxURLLength: MAX_URL_LENGTH - 512,
          }),
        }),
      ],
    }),
  );

  return (
    <api.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </api.Provider>
  );
}
