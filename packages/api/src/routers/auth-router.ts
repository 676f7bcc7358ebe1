import type { TRPCRouterRecord } from '@trpc/server';

import { TRPCError } from '@trpc/server';

import {
  changePassword,
  changePasswordInputSchema,
  createApiToken,
  createTokenInputSchema,
  listApiTokens,
  requestPasswordReset,
  requestPasswordResetInputSchema,
  requestVerificationEmail,
  resetLinkState,
  resetPassword,
  resetPasswordInputSchema,
  revokeApiToken,
  revokeTokenInputSchema,
  signUp,
  signUpInputSchema,
  verifyEmail,
  verifyEmailInputSchema,
} from '@tiffin/domain';

import { enforceRateLimit } from '../rate-limits/rate-limited';
import { sessionUserSchema } from '../schemas/account-output';
import { forgetToken } from '../sessions/api-token-session';
import { rememberSessionVersion } from '../sessions/current-session';
import { actorProcedure, protectedProcedure, publicProcedure } from '../trpc';

/** Calls from an unknown address (no socket address reached the context) share one count. */
const UNKNOWN_ADDRESS = 'unknown';

export const authRouter = {
  /** Answers `{ email }` whether or not the email already had an account (its owner is told). */
  signUp: publicProcedure.input(signUpInputSchema).mutation(async ({ ctx, input }) => {
    const address = ctx.clientAddress ?? UNKNOWN_ADDRESS;
    await enforceRateLimit(ctx.rateLimits, 'authRequests', address);
    await enforceRateLimit(ctx.rateLimits, 'signUps', address);
    return signUp(ctx.db, input, ctx.log, { correlationId: ctx.correlationId });
  }),

  /** Follows a verification link: `verified`, `already_verified`, `used`, `expired` or `invalid`. */
  verifyEmail: publicProcedure.input(verifyEmailInputSchema).mutation(async ({ ctx, input }) => {
    await enforceRateLimit(ctx.rateLimits, 'authRequests', ctx.clientAddress ?? UNKNOWN_ADDRESS);
    return { outcome: await verifyEmail(ctx.db, input.token) };
  }),

  /** Mails the signed-in person another verification link (a few an hour). */
  resendVerification: protectedProcedure.mutation(async ({ ctx }) => {
    await enforceRateLimit(ctx.rateLimits, 'authRequests', ctx.clientAddress ?? UNKNOWN_ADDRESS);
    await enforceRateLimit(ctx.rateLimits, 'verificationResends', ctx.user.id);
    return requestVerificationEmail(ctx.db, ctx.user.id, { correlationId: ctx.correlationId });
  }),

  /** Answers `{ email }` whether or not the email has an account (only an account is mailed). */
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInputSchema)
    .mutation(async ({ ctx, input }) => {
      await enforceRateLimit(ctx.rateLimits, 'authRequests', ctx.clientAddress ?? UNKNOWN_ADDRESS);
      await enforceRateLimit(ctx.rateLimits, 'passwordResets', input.email);
      return requestPasswordReset(ctx.db, input.email, { correlationId: ctx.correlationId });
    }),

  /** Whether a reset link still works, so its page shows the form or says why not. */
  resetLinkState: publicProcedure
    .input(verifyEmailInputSchema)
    .query(async ({ ctx, input }) => ({ state: await resetLinkState(ctx.db, input.token) })),

  /** Sets a new password from a reset link; every session of the account ends. */
  resetPassword: publicProcedure
    .input(resetPasswordInputSchema)
    .mutation(async ({ ctx, input }) => {
      await enforceRateLimit(ctx.rateLimits, 'authRequests', ctx.clientAddress ?? UNKNOWN_ADDRESS);
      const reset = await resetPassword(ctx.db, input);
      await rememberSessionVersion(
        ctx.redis,
        reset.userId,
        reset.sessionVersion,
        false,
        ctx.sessionVersions,
      );
      return { reset: true as const };
    }),

  /** A new password for the signed-in person; every session of theirs ends, this one too. */
  changePassword: actorProcedure
    .input(changePasswordInputSchema)
    .mutation(async ({ ctx, input }) => {
      await enforceRateLimit(ctx.rateLimits, 'authRequests', ctx.clientAddress ?? UNKNOWN_ADDRESS);
      const changed = await ctx.db.$transaction((tx) => changePassword(tx, ctx.actor, input));
      await rememberSessionVersion(
        ctx.redis,
        changed.userId,
        changed.sessionVersion,
        false,
        ctx.sessionVersions,
      );
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
