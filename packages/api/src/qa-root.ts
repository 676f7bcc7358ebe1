// The product API plus qa.*, served by the web app only when QA_ROUTES=enabled (e2e tests). It
// is its own entry, @tiffin/api/qa, so `@tiffin/api` and its AppRouter type never include qa.*.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import { appRouter } from './root';
import { qaRouter } from './routers/qa-router';
import { createTRPCRouter } from './trpc';

// A spread would silently replace a product `qa` namespace; refuse to start instead.
if ('qa' in appRouter._def.record) {
  throw new Error('The product router has its own `qa` namespace; qa.* cannot be added to it.');
}

/** Every product procedure (whatever root.ts holds) and `qa`, on the same tRPC instance. */
export const qaAppRouter = createTRPCRouter({ ...appRouter._def.record, qa: qaRouter });

export type QaAppRouter = typeof qaAppRouter;
/** e.g. `QaRouterInputs['qa']['setStock']`. */
export type QaRouterInputs = inferRouterInputs<QaAppRouter>;
export type QaRouterOutputs = inferRouterOutputs<QaAppRouter>;
