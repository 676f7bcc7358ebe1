import type { TRPCRouterRecord } from '@trpc/server';

import {
  changePassword,
  changePasswordInputSchema,
  signUp,
  signUpInputSchema,
} from '@tiffin/domain';

import { enforceRateLimit } from '../rate-limits/rate-limited';
import { sessionUserSchema } from '../schemas/account-output';
import { rememberSessionVersion } from '../sessions/current-session';
import { actorProcedure, publicProcedure } from '../trpc';

/** Calls from an unknown address (no socket address reached the context) share one count. */
const UNKNOWN_ADDRESS = 'unknown';

export const authRouter = {
  /** Answers `{ email }` whether or not the email already had an account (its owner is told). */
  signUp: publicProcedure.input(signUpInputSchema).mutation(async ({ ctx, input }) => {
    const address = ctx.clientAddress ?? UNKNOWN_ADDRESS;
    await enforceRateLimit(ctx.rateLimits, 'authRequests', address);
    await enforceRateLimit(ctx.rateLimits, 'signUps', address);
    return signUp(ctx.db, input, ctx.log);
  }),

  /** A new password for the signed-in person; every session of theirs ends, this one too. */
  changePassword: actorProcedure
    .input(changePasswordInputSchema)
    .mutation(async ({ ctx, input }) => {
      await enforceRateLimit(ctx.rateLimits, 'authRequests', ctx.clientAddress ?? UNKNOWN_ADDRESS);
      const changed = await ctx.db.$transaction((tx) => changePassword(tx, ctx.actor, input));
      await rememberSessionVersion(ctx.redis, changed.userId, changed.sessionVersion);
      return { signedOut: true as const };
    }),

  me: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/me',
        tags: ['account'],
        summary: 'Who is signed in (null when nobody is)',
        protect: false,
      },
    })
    .output(sessionUserSchema)
    .query(({ ctx }) => ctx.user),
} satisfies TRPCRouterRecord;
