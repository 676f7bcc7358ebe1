// kitchen.*: the restaurant's console. Staff of the restaurant (or admins naming one) see its
// live board, answer and cook orders, and run the menu, stock, open switch and weekly hours. The
// rules (who may take which step, from which status) are the domain's; this only wires them.
import type { TRPCRouterRecord } from '@trpc/server';

import { z } from 'zod';

import type { OrderStep } from '@tiffin/domain';
import {
  kitchenOrderInputSchema,
  kitchenOrders,
  kitchenRejectInputSchema,
  kitchenRestaurant,
  kitchenReviewsInputSchema,
  listKitchenReviews,
  restaurantActedOn,
  saveMenuItem,
  saveMenuItemInputSchema,
  setItemAvailable,
  setItemAvailableInputSchema,
  setItemStock,
  setItemStockInputSchema,
  setOpeningHours,
  setOpeningHoursInputSchema,
  setOpenInputSchema,
  setRestaurantOpen,
  takeOrderStep,
} from '@tiffin/domain';
import { TIMER_IDS, timerDueTimes } from '@tiffin/events';

import { watchKitchen } from '../tracking/kitchen-live';
import { lastEventIdSchema } from '../tracking/last-event-id';
import { requireRedis, requireTracking, roleProcedure } from '../trpc';

const kitchenProcedure = roleProcedure(
  ['RESTAURANT_STAFF', 'ADMIN'],
  'The kitchen console is for restaurant staff.',
);

/** Admins name the restaurant; staff act on their own. */
const restaurantChoice = z
  .object({ restaurantId: z.uuid({ error: 'We could not find that restaurant.' }).optional() })
  .optional();

function step(name: Exclude<OrderStep, 'reject' | 'cancel' | 'expireAcceptance'>) {
  return kitchenProcedure.input(kitchenOrderInputSchema).mutation(async ({ ctx, input }) => {
    const moved = await ctx.db.$transaction((tx) =>
      takeOrderStep(tx, ctx.actor, name, input.orderId),
    );
    return { orderId: moved.orderId, status: moved.to, version: moved.version };
  });
}

export const kitchenRouter = {
  /** Active orders, newest first; new ones carry `acceptBy`, when their acceptance timeout fires. */
  orders: kitchenProcedure
    .use(requireRedis)
    .input(restaurantChoice)
    .query(async ({ ctx, input }) => {
      const orders = await kitchenOrders(ctx.db, restaurantActedOn(ctx.actor, input?.restaurantId));
      const waiting = orders.filter((order) => order.status === 'created');
      const dueTimes = await timerDueTimes(
        ctx.redis,
        waiting.map((order) => TIMER_IDS.acceptanceTimeout(order.id)),
      );
      const acceptBy = new Map(waiting.map((order, i) => [order.id, dueTimes[i] ?? null]));
      return orders.map((order) => {
        const due = acceptBy.get(order.id);
        return { ...order, acceptBy: due ? new Date(due) : null };
      });
    }),

  restaurant: kitchenProcedure
    .input(restaurantChoice)
    .query(({ ctx, input }) =>
      kitchenRestaurant(ctx.db, restaurantActedOn(ctx.actor, input?.restaurantId)),
    ),

  /** The restaurant's reviews, newest first, hidden ones marked. */
  reviews: kitchenProcedure
    .input(kitchenReviewsInputSchema)
    .query(({ ctx, input }) => listKitchenReviews(ctx.db, ctx.actor, input)),

  live: kitchenProcedure
    .use(requireTracking)
    .input(
      z
        .object({
          restaurantId: z.uuid({ error: 'We could not find that restaurant.' }).optional(),
          lastEventId: lastEventIdSchema,
        })
        .optional(),
    )
    .subscription(({ ctx, input, signal }) =>
      watchKitchen({
        hub: ctx.tracking,
        restaurantId: restaurantActedOn(ctx.actor, input?.restaurantId),
        lastEventId: input?.lastEventId,
        signal,
      }),
    ),

  accept: step('accept'),
  startPreparing: step('startPreparing'),
  markReady: step('markReady'),

  reject: kitchenProcedure.input(kitchenRejectInputSchema).mutation(async ({ ctx, input }) => {
    const moved = await ctx.db.$transaction((tx) =>
      takeOrderStep(tx, ctx.actor, 'reject', input.orderId, { reason: input.reason }),
    );
    return { orderId: moved.orderId, status: moved.to, version: moved.version };
  }),

  setItemStock: kitchenProcedure
    .input(setItemStockInputSchema)
    .mutation(({ ctx, input }) => ctx.db.$transaction((tx) => setItemStock(tx, ctx.actor, input))),

  setItemAvailable: kitchenProcedure
    .input(setItemAvailableInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) => setItemAvailable(tx, ctx.actor, input)),
    ),

  saveItem: kitchenProcedure
    .input(saveMenuItemInputSchema)
    .mutation(({ ctx, input }) => ctx.db.$transaction((tx) => saveMenuItem(tx, ctx.actor, input))),

  setOpen: kitchenProcedure
    .input(setOpenInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) => setRestaurantOpen(tx, ctx.actor, input)),
    ),

  setOpeningHours: kitchenProcedure
    .input(setOpeningHoursInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction((tx) => setOpeningHours(tx, ctx.actor, input)),
    ),
} satisfies TRPCRouterRecord;
