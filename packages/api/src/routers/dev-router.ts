// Thin: the data is eventFlowOverview (@tiffin/events) and the access rule devToolsAccess (@tiffin/domain).
import type { TRPCRouterRecord } from '@trpc/server';

import { TRPCError } from '@trpc/server';

import { devToolsAccess } from '@tiffin/domain';
import { eventFlowOverview } from '@tiffin/events';

import { publicProcedure } from '../trpc';

/** The web app's health and metrics endpoints; in production metrics want the METRICS_TOKEN. */
export const DEV_LINKS = {
  webLive: '/api/health/live',
  webReady: '/api/health/ready',
  metrics: '/api/metrics',
} as const;

const devToolsProcedure = publicProcedure.use(({ ctx, next }) => {
  const access = devToolsAccess(ctx.user, ctx.environment);
  if (access === 'sign_in') {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  }
  if (access === 'forbidden') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'The dev tools are for admins.' });
  }
  // A process built without Redis is misconfigured, not a caller's mistake.
  if (!ctx.redis) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'No Redis connection.' });
  }
  return next({ ctx: { ...ctx, redis: ctx.redis } });
});

export const devRouter = {
  overview: devToolsProcedure.query(async ({ ctx }) => ({
    ...(await eventFlowOverview(ctx.redis)),
    links: DEV_LINKS,
    environment: ctx.environment ?? 'production',
    generatedAt: new Date().toISOString(),
  })),
} satisfies TRPCRouterRecord;
