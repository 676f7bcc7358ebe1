// courier.*: the courier's app. Go online, see waiting deliveries nearest first, claim one (the
// first claim wins), pick it up once ready, share positions on the way, deliver it. Positions
// are ephemeral: they go to Redis (with a TTL) and out to the order's trackers, never to rows.
import type { TRPCRouterRecord } from '@trpc/server';

import { z } from 'zod';

import {
  checkPositionReport,
  claimDelivery,
  currentDelivery,
  deliverDelivery,
  distanceKm,
  DomainError,
  geoPointSchema,
  isCourierOnline,
  listOffers,
  pickUpDelivery,
  POSITION_REPORT_INTERVAL_MS,
  POSITION_TTL_SECONDS,
  setCourierOnline,
} from '@tiffin/domain';
import { latestCourierPositions, recordCourierPosition, takePositionSlot } from '@tiffin/events';

import { watchCourier } from '../tracking/courier-live';
import { requireRedis, requireTracking, roleProcedure } from '../trpc';

const courierProcedure = roleProcedure(['COURIER'], 'The courier app is for couriers.');

const orderInput = z.object({ orderId: z.uuid({ error: 'We could not find that order.' }) });

function stepResult(moved: { orderId: string; deliveryId: string; to: string; version: number }) {
  return {
    orderId: moved.orderId,
    deliveryId: moved.deliveryId,
    status: moved.to,
    version: moved.version,
  };
}

export const courierRouter = {
  setOnline: courierProcedure
    .input(z.object({ online: z.boolean({ error: 'Say whether you are online' }) }))
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) => setCourierOnline(tx, ctx.actor, input.online)),
    ),

  /** Whether the courier is online, and their delivery under way. */
  status: courierProcedure.query(async ({ ctx }) => ({
    online: await isCourierOnline(ctx.db, ctx.user.id),
    current: await currentDelivery(ctx.db, ctx.user.id),
  })),

  /**
   * Waiting deliveries, nearest pick-up first (from `near`, the device's position, or else the
   * courier's last reported one); empty while the courier is offline.
   */
  offers: courierProcedure
    .use(requireRedis)
    .input(z.object({ near: geoPointSchema.optional() }).optional())
    .query(async ({ ctx, input }) => {
      if (!(await isCourierOnline(ctx.db, ctx.user.id))) return [];
      const [reported] = input?.near
        ? [null]
        : await latestCourierPositions(ctx.redis, [ctx.user.id]);
      return listOffers(ctx.db, input?.near ?? reported ?? null);
    }),

  current: courierProcedure.query(({ ctx }) => currentDelivery(ctx.db, ctx.user.id)),

  live: courierProcedure
    .use(requireTracking)
    .subscription(({ ctx, signal }) =>
      watchCourier({ hub: ctx.tracking, courierId: ctx.user.id, signal }),
    ),

  claim: courierProcedure.input(orderInput).mutation(async ({ ctx, input }) => {
    const moved = await ctx.db.$transaction((tx) => claimDelivery(tx, ctx.actor, input.orderId));
    return stepResult(moved);
  }),

  pickUp: courierProcedure.input(orderInput).mutation(async ({ ctx, input }) => {
    const moved = await ctx.db.$transaction((tx) => pickUpDelivery(tx, ctx.actor, input.orderId));
    return stepResult(moved);
  }),

  deliver: courierProcedure.input(orderInput).mutation(async ({ ctx, input }) => {
    const moved = await ctx.db.$transaction((tx) => deliverDelivery(tx, ctx.actor, input.orderId));
    return stepResult(moved);
  }),

  reportPosition: courierProcedure
    .use(requireRedis)
    .input(orderInput.extend(geoPointSchema.shape))
    .mutation(async ({ ctx, input }) => {
      const slot = await takePositionSlot(ctx.redis, ctx.user.id, POSITION_REPORT_INTERVAL_MS);
      if (!slot.allowed) {
        throw new DomainError(
          'RATE_LIMITED',
          'Positions are taken once a second; this one came too soon.',
          {
            retryAfterMs: slot.retryAfterMs,
          },
        );
      }
      const point = { lat: input.lat, lng: input.lng };
      const report = await checkPositionReport(ctx.db, ctx.actor, input.orderId, point);
      const position = await recordCourierPosition(
        ctx.redis,
        { orderId: input.orderId, courierId: report.courierId, ...point },
        { ttlSeconds: POSITION_TTL_SECONDS, distanceKm },
      );
      return { orderId: input.orderId, at: new Date(position.at), speedKmh: position.speedKmh };
    }),
} satisfies TRPCRouterRecord;
