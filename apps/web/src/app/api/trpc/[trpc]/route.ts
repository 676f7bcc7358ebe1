// The tRPC HTTP endpoint (/api/trpc): queries over GET, mutations over POST, batched.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { NextRequest } from 'next/server';

import { appRouter } from '@tiffin/api';

import { CORRELATION_HEADER, createRequestContext } from '../../../../server/trpc-context';

function handler(req: NextRequest) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () =>
      createRequestContext({ req, correlationHeader: req.headers.get(CORRELATION_HEADER) }),
    onError({ error, path, ctx }) {
      // Expected errors (bad input, conflicts, auth) are the client's to show; only bugs are logged.
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        console.error(
          `[trpc] ${path ?? '<no path>'} failed (correlationId=${ctx?.correlationId ?? 'n/a'}):`,
          error.cause ?? error,
        );
      }
    },
  });
}

export { handler as GET, handler as POST };
