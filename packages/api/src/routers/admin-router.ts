// admin.*: running the platform. The day's figures, users and roles, restaurants and their
// autopilot switch, the dispatch board, and dead letters with replay. `/dev` stays the
// engineering view; this is the operator's.
import type { TRPCRouterRecord } from '@trpc/server';

import { TRPCError } from '@trpc/server';
import { z } from 'zod';

import {
  adminReviewsInputSchema,
  createCoupon,
  createCouponInputSchema,
  disableCoupon,
  disableCouponInputSchema,
  dispatchBoard,
  hideReview,
  hideReviewInputSchema,
  listCoupons,
  listOpenRefunds,
  listRestaurantsForAdmin,
  listReviewsForAdmin,
  platformOverview,
  safeText,
  searchUsers,
  setAutopilot,
  setAutopilotInputSchema,
  setDisabledInputSchema,
  setRoleInputSchema,
  setUserDisabled,
  setUserRole,
  userSearchInputSchema,
} from '@tiffin/domain';
import {
  countDeadLetters,
  DeadLetterError,
  latestCourierPositions,
  recentDeadLetters,
  replayDeadLetter,
} from '@tiffin/events';

import { rememberSessionVersion } from '../sessions/current-session';
import { requireRedis, roleProcedure } from '../trpc';

const adminProcedure = roleProcedure(['ADMIN'], 'The admin console is for admins.');

/** Orders that have not moved for this long show as stuck. */
export const DEFAULT_STUCK_AFTER_MINUTES = 30;

/** Midnight of `at` in `timeZone`, as an instant. */
export function startOfDay(at: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const intoDay =
    (Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)) * 1000 +
    at.getMilliseconds();
  return new Date(at.getTime() - intoDay);
}

const timeZoneSchema = safeText()
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { error: 'Unknown time zone' },
  );

export const adminRouter = {
  /** Refunds the worker has not settled yet, with how often it tried and the provider's answer. */
  openRefunds: adminProcedure.query(({ ctx }) => listOpenRefunds(ctx.db)),

  /** Discount codes, newest first, with how many uses each has left. */
  coupons: adminProcedure.query(({ ctx }) => listCoupons(ctx.db)),

  createCoupon: adminProcedure
    .input(createCouponInputSchema)
    .mutation(({ ctx, input }) => createCoupon(ctx.db, input)),

  /** No checkout takes a disabled code again; orders that used it keep their discount. */
  disableCoupon: adminProcedure
    .input(disableCouponInputSchema)
    .mutation(({ ctx, input }) => disableCoupon(ctx.db, input.code)),

  overview: adminProcedure
    .input(
      z
        .object({
          /** The admin's own zone, for where "today" starts; UTC when left out. */
          timeZone: timeZoneSchema.optional(),
          stuckAfterMinutes: z
            .int()
            .min(1)
            .max(24 * 60)
            .optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => {
      const now = new Date();
      return platformOverview(ctx.db, ctx.actor, {
        since: startOfDay(now, input?.timeZone ?? 'UTC'),
        stuckAfterMs: (input?.stuckAfterMinutes ?? DEFAULT_STUCK_AFTER_MINUTES) * 60_000,
        now,
      });
    }),

  users: adminProcedure
    .input(userSearchInputSchema)
    .query(({ ctx, input }) => searchUsers(ctx.db, ctx.actor, input.query)),

  /** The account's sessions end: its next sign-in carries the new role. */
  setRole: adminProcedure.input(setRoleInputSchema).mutation(async ({ ctx, input }) => {
    const user = await ctx.db.$transaction((tx) => setUserRole(tx, ctx.actor, input));
    await rememberSessionVersion(
      ctx.redis,
      user.id,
      user.sessionVersion,
      false,
      ctx.sessionVersions,
    );
    return user;
  }),

  /** A disabled account cannot sign in and its sessions end at once; enabling lets it sign in. */
  setDisabled: adminProcedure.input(setDisabledInputSchema).mutation(async ({ ctx, input }) => {
    const user = await ctx.db.$transaction((tx) => setUserDisabled(tx, ctx.actor, input));
    await rememberSessionVersion(
      ctx.redis,
      user.id,
      user.sessionVersion,
      user.disabled,
      ctx.sessionVersions,
    );
    return { id: user.id, email: user.email, disabled: user.disabled };
  }),

  restaurants: adminProcedure.query(({ ctx }) => listRestaurantsForAdmin(ctx.db, ctx.actor)),

  setAutopilot: adminProcedure
    .input(setAutopilotInputSchema)
    .mutation(({ ctx, input }) => ctx.db.$transaction((tx) => setAutopilot(tx, ctx.actor, input))),

  /** Every review, newest first (`hidden` filters), to moderate. */
  reviews: adminProcedure
    .input(adminReviewsInputSchema)
    .query(({ ctx, input }) => listReviewsForAdmin(ctx.db, ctx.actor, input)),

  /** Hides a review with a reason: it leaves the public list and the restaurant's rating. */
  hideReview: adminProcedure
    .input(hideReviewInputSchema)
    .mutation(({ ctx, input }) => ctx.db.$transaction((tx) => hideReview(tx, ctx.actor, input))),

  dispatch: adminProcedure.use(requireRedis).query(async ({ ctx }) => {
    const board = await dispatchBoard(ctx.db, ctx.actor);
    const positions = await latestCourierPositions(
      ctx.redis,
      board.couriers.map((c) => c.id),
    );
    return {
      waiting: board.waiting,
      couriers: board.couriers.map((courier, i) => {
        const position = positions[i];
        return {
          ...courier,
          lastPosition: position
            ? { lat: position.lat, lng: position.lng, at: new Date(position.at) }
            : null,
        };
      }),
    };
  }),

  deadLetters: adminProcedure.use(requireRedis).query(async ({ ctx }) => ({
    total: await countDeadLetters(ctx.redis),
    newest: await recentDeadLetters(ctx.redis, { count: 50 }),
  })),

  replayDeadLetter: adminProcedure
    .use(requireRedis)
    .input(z.object({ id: safeText().trim().min(1, { error: 'Which dead letter?' }).max(40) }))
    .mutation(async ({ ctx, input }) => {
      try {
        const newId = await replayDeadLetter(ctx.redis, input.id);
        return { id: input.id, replayedAs: newId };
      } catch (error) {
        if (error instanceof DeadLetterError) {
          throw new TRPCError({
            code: error.code === 'not_found' ? 'NOT_FOUND' : 'BAD_REQUEST',
            message:
              error.code === 'not_found'
                ? 'That dead letter is gone: it was replayed already, or never existed.'
                : 'That dead letter has no event to replay; it can only be inspected.',
          });
        }
        throw error;
      }
    }),
} satisfies TRPCRouterRecord;
