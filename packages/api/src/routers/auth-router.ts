import type { TRPCRouterRecord } from '@trpc/server';

import { TRPCError } from '@trpc/server';

import {
  changePassword,
  changePasswordInputSchema,
  createApiToken,
  createTokenInputSchema,
  listApiTokens,
  revokeApiToken,
  revokeTokenInputSchema,
  signUp,
  signUpInputSchema,
} from '@tiffin/domain';

import { enforceRateLimit } from '../rate-limits/rate-limited';
import { forgetToken } from '../sessions/api-token-session';
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

  me: publicProcedure.query(({ ctx }) => ctx.user),

  /**
   * A new API token, returned in full this once. Only a signed-in browser session may create one,
   * so a leaked token cannot mint itself successors.
   */
  createToken: actorProcedure.input(createTokenInputSchema).mutation(async ({ ctx, input }) => {
    if (ctx.authMethod === 'token') {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'Create API tokens from your account page, not with another token.',
      });
    }
    await enforceRateLimit(ctx.rateLimits, 'tokenCreations', ctx.user.id);
    return ctx.db.$transaction((tx) => createApiToken(tx, ctx.actor, input));
  }),

  /** Revokes one of the caller's tokens; it stops working at once here and within seconds elsewhere. */
  revokeToken: actorProcedure.input(revokeTokenInputSchema).mutation(async ({ ctx, input }) => {
    const revoked = await ctx.db.$transaction((tx) => revokeApiToken(tx, ctx.actor, input));
    forgetToken(revoked.id);
    return revoked;
  }),

  /** The caller's tokens (names, first characters, dates), never the tokens themselves. */
  listTokens: actorProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.actor)),
} satisfies TRPCRouterRecord;
