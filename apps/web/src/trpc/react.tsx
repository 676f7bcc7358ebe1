'use client';
// The browser's tRPC client: typed hooks over React Query, batched HTTP to /api/trpc.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { httpBatchLink } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import type { ReactNode } from 'react';
import { useState } from 'react';
import superjson from 'superjson';

import type { AppRouter } from '@tiffin/api';

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

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    api.createClient({
      links: [
        // Issue 4: a splitLink sends subscriptions to wsLink (/api/trpc-ws) and the rest here.
        httpBatchLink({ url: '/api/trpc', transformer: superjson }),
      ],
    }),
  );

  return (
    <api.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </api.Provider>
  );
}
