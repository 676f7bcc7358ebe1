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

import { watchKitchen } from '../tracking/kitchen-live';
import { lastEventIdSchema } from '../tracking/last-event-id';
import { requireTracking, roleProcedure } from '../trpc';

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
  orders: kitchenProcedure
    .input(restaurantChoice)
    .query(({ ctx, input }) =>
      kitchenOrders(ctx.db, restaurantActedOn(ctx.actor, input?.restaurantId)),
    ),

  restaurant: kitchenProcedure
    .input(restaurantChoice)
    .query(({ ctx, input }) =>
      kitchenRestaurant(ctx.db, restaurantActedOn(ctx.actor, input?.restaurantId)),
    ),

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
