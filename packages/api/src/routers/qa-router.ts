// qa.*: fixtures for the Playwright suite, never part of the product API.
//
// What: `createRestaurant` (a fresh restaurant and menu per test), `setStock` (change stock,
// price or availability under an open cart, with the same live event a refill sends),
// `holdOrder` / `releaseOrder` (keep an order at one point of its timeline so a test can assert
// that state; see @tiffin/events simulator-holds), `fireTimer` (bring an order's acceptance
// timeout, dispatch fallback or payment timeout forward to now, so a test need not wait for it),
// `deadLetter` (a dead letter to replay: nothing a browser does makes a consumer fail every retry).
// How it is enabled: the web app serves `qaAppRouter` (@tiffin/api/qa, the product router plus
// `qa`) only when QA_ROUTES=enabled; scripts/test.ts sets it for the e2e stack alone.
// Otherwise it is never mounted: `@tiffin/api` does not import this file, and a `qa.*` call gets
// tRPC's NOT_FOUND like any unknown procedure. The procedures need no session, by design.
import type { TRPCRouterRecord } from '@trpc/server';
import { randomBytes, randomUUID } from 'node:crypto';

import { TRPCError } from '@trpc/server';
import { z } from 'zod';

import type { Db } from '@tiffin/db';
import type { Viewer } from '@tiffin/domain';
import type { HoldPoint } from '@tiffin/events';
import {
  createAccount,
  createRestaurant,
  createRestaurantInputSchema,
  getOrderForViewer,
  ROLES,
  safeText,
  setStock,
  setStockInputSchema,
} from '@tiffin/domain';
import {
  addDeadLetter,
  createEnvelope,
  eventStream,
  hasLeft,
  HOLD_TTL_MS,
  holdOrder,
  holdPointSchema,
  releaseOrder,
  rescheduleTimer,
  timelinePoint,
  TIMER_IDS,
} from '@tiffin/events';

import { publicProcedure } from '../trpc';

const orderIdSchema = z.uuid({ error: 'We could not find that order.' });

/** Tests look at any order, whoever placed it. */
const QA_VIEWER: Viewer = {
  userId: '00000000-0000-0000-0000-000000000000',
  role: 'ADMIN',
  restaurantId: null,
};

/** Holds live in Redis: a process without a connection is misconfigured, not a caller's mistake. */
const holdProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.redis) {
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Simulator holds need Redis, and this process has no connection.',
    });
  }
  return next({ ctx: { ...ctx, redis: ctx.redis } });
});

async function progressOf(db: Db, orderId: string) {
  const order = await getOrderForViewer(db, orderId, QA_VIEWER);
  const deliveryStatus = order.delivery?.status ?? null;
  return {
    status: order.status,
    deliveryStatus,
    point: timelinePoint(order.status, deliveryStatus),
  };
}

function alreadyPast(at: HoldPoint, point: string): TRPCError {
  const words = (s: string) => s.replaceAll('_', ' ');
  return new TRPCError({
    code: 'PRECONDITION_FAILED',
    message: `The order is already past ${words(at)} (it is ${words(point)}), so a hold there would never apply.`,
  });
}

export const qaRouter = {
  createRestaurant: publicProcedure
    .input(createRestaurantInputSchema)
    .mutation(({ ctx, input }) => createRestaurant(ctx.db, input)),

  /** An account of any role (a fresh one per test: staff of the test's restaurant, couriers). */
  createUser: publicProcedure
    .input(
      z.object({
        role: z.enum(ROLES),
        name: safeText().trim().min(1).max(100).default('QA person'),
        restaurantId: z.uuid().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const email = `qa-${input.role.toLowerCase()}-${randomBytes(6).toString('hex')}@tiffin.test`;
      const password = `qa-${randomBytes(9).toString('hex')}`;
      const user = await createAccount(ctx.db, { ...input, email, password });
      return { ...user, password };
    }),

  setStock: publicProcedure
    .input(setStockInputSchema)
    .mutation(({ ctx, input }) => setStock(ctx.db, input, { correlationId: ctx.correlationId })),

  holdOrder: holdProcedure
    .input(z.object({ orderId: orderIdSchema, at: holdPointSchema }))
    .mutation(async ({ ctx, input }) => {
      const { redis } = ctx;
      const before = await progressOf(ctx.db, input.orderId);
      if (hasLeft(before.point, input.at)) throw alreadyPast(input.at, before.point);
      await holdOrder(redis, input.orderId, input.at);
      // The step may have run between the read and the hold: then the hold is no use, say so.
      const now = await progressOf(ctx.db, input.orderId);
      if (hasLeft(now.point, input.at)) {
        await releaseOrder(redis, input.orderId);
        throw alreadyPast(input.at, now.point);
      }
      return { orderId: input.orderId, heldAt: input.at, ...now, expiresInMs: HOLD_TTL_MS };
    }),

  fireTimer: holdProcedure
    .input(
      z.object({
        orderId: orderIdSchema,
        timer: z.enum(['acceptanceTimeout', 'dispatchFallback', 'paymentTimeout'], {
          error: 'The timer is acceptanceTimeout, dispatchFallback or paymentTimeout',
        }),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const fired = await rescheduleTimer(
        ctx.redis,
        TIMER_IDS[input.timer](input.orderId),
        Date.now(),
      );
      if (!fired) {
        throw new TRPCError({
          code: 'PRECONDITION_FAILED',
          message: `No ${input.timer} timer is waiting for that order (it fired already, or was never set).`,
        });
      }
      return { orderId: input.orderId, timer: input.timer, dueNow: true };
    }),

  /**
   * A dead letter as the runner writes one, holding a real event that is harmless to replay:
   * "autopilot switched off" for the given restaurant, which no consumer acts on.
   */
  deadLetter: holdProcedure
    .input(z.object({ restaurantId: z.uuid({ error: 'We could not find that restaurant.' }) }))
    .mutation(async ({ ctx, input }) => {
      const envelope = createEnvelope(
        'restaurant.autopilot_changed.v1',
        {
          restaurantId: input.restaurantId,
          enabled: false,
          actor: 'system',
          at: new Date().toISOString(),
        },
        { correlationId: randomUUID(), source: 'qa.deadLetter' },
      );
      const originalStream = eventStream(envelope);
      const id = await addDeadLetter(ctx.redis, {
        originalStream,
        group: 'autopilot',
        originalId: '0-1',
        type: envelope.type,
        envelope: JSON.stringify(envelope),
        error: 'A dead letter made by qa.deadLetter for a test',
        attempts: 5,
        failedAt: new Date().toISOString(),
      });
      return { id, originalStream, type: envelope.type, eventId: envelope.eventId };
    }),

  releaseOrder: holdProcedure
    .input(z.object({ orderId: orderIdSchema }))
    .mutation(async ({ ctx, input }) => ({
      orderId: input.orderId,
      released: await releaseOrder(ctx.redis, input.orderId),
    })),
} satisfies TRPCRouterRecord;
