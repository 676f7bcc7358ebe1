import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';

import {
  getOrderForViewer,
  listOrdersForUser,
  placeOrder,
  placeOrderInputSchema,
} from '@tiffin/db';

import { protectedProcedure } from '../trpc';

export const orderRouter = {
  place: protectedProcedure.input(placeOrderInputSchema).mutation(async ({ ctx, input }) => {
    const { order } = await placeOrder(ctx.db, input, {
      userId: ctx.user.id,
      correlationId: ctx.correlationId,
    });
    return order;
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
} satisfies TRPCRouterRecord;
