import type { TRPCRouterRecord } from '@trpc/server';

import { z } from 'zod';

import {
  getOrderForViewer,
  listOrdersForUser,
  placeOrder,
  placeOrderInputSchema,
  StockConflictError,
} from '@tiffin/domain';

import { trackOrder } from '../tracking/track-order';
import { protectedProcedure } from '../trpc';

export const orderRouter = {
  place: protectedProcedure.input(placeOrderInputSchema).mutation(async ({ ctx, input }) => {
    try {
      const { order, replayed } = await placeOrder(ctx.db, input, {
        userId: ctx.user.id,
        correlationId: ctx.correlationId,
      });
      ctx.observer?.orderPlaced({ replayed });
      return order;
    } catch (error) {
      if (error instanceof StockConflictError) ctx.observer?.orderConflict();
      throw error;
    }
  }),

  byId: protectedProcedure
    .input(z.object({ orderId: z.uuid({ error: 'We could not find that order.' }) }))
    .query(({ ctx, input }) =>
      getOrderForViewer(ctx.db, input.orderId, {
        userId: ctx.user.id,
        role: ctx.user.role,
        restaurantId: ctx.user.restaurantId,
      }),
    ),

  mine: protectedProcedure.query(({ ctx }) => listOrdersForUser(ctx.db, ctx.user.id)),

  track: protectedProcedure
    .input(
      z.object({
        orderId: z.uuid({ error: 'We could not find that order.' }),
        // Sent back by the client on reconnect: the id of the last message it received.
        lastEventId: z
          .string()
          .regex(/^\d+-\d+$/, { error: 'Invalid lastEventId' })
          .nullish(),
      }),
    )
    .subscription(({ ctx, input, signal }) =>
      trackOrder({
        db: ctx.db,
        hub: ctx.tracking,
        viewer: { userId: ctx.user.id, role: ctx.user.role, restaurantId: ctx.user.restaurantId },
        orderId: input.orderId,
        lastEventId: input.lastEventId,
        signal,
      }),
    ),
} satisfies TRPCRouterRecord;
