import type { TRPCRouterRecord } from '@trpc/server';

import { z } from 'zod';

import {
  cancelOrderInputSchema,
  ensureCardPayment,
  getOrderForViewer,
  listOrdersForUser,
  placeOrder,
  placeOrderInputSchema,
  quoteOrder,
  quoteOrderInputSchema,
  StockConflictError,
  takeOrderStep,
} from '@tiffin/domain';

import { enforceRateLimit } from '../rate-limits/rate-limited';
import {
  myOrdersSchema,
  orderQuoteSchema,
  orderStepResultSchema,
  orderViewSchema,
  placedOrderSchema,
} from '../schemas/order-output';
import { lastEventIdSchema } from '../tracking/last-event-id';
import { trackOrder } from '../tracking/track-order';
import { actorProcedure, protectedProcedure, publicProcedure, requireTracking } from '../trpc';

export const orderRouter = {
  /** The cart's price breakdown, or why it can't be ordered; anyone may ask (the cart is public). */
  quote: publicProcedure
    // POST: the cart's lines do not fit a query string.
    .meta({
      openapi: {
        method: 'POST',
        path: '/orders/quote',
        tags: ['orders'],
        summary: "The cart's price breakdown, or why it cannot be ordered",
        protect: false,
      },
    })
    .input(quoteOrderInputSchema)
    .output(orderQuoteSchema)
    .query(({ ctx, input }) => quoteOrder(ctx.db, input, { userId: ctx.user?.id ?? null })),

  place: protectedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/orders',
        tags: ['orders'],
        summary: 'Place an order (idempotent by `idempotencyKey`)',
        protect: true,
      },
    })
    .input(placeOrderInputSchema)
    .output(placedOrderSchema)
    .mutation(async ({ ctx, input }) => {
      await enforceRateLimit(ctx.rateLimits, 'orders', ctx.user.id);
      try {
        const payments = ctx.payments ?? null;
        const { order, replayed } = await placeOrder(ctx.db, input, {
          userId: ctx.user.id,
          correlationId: ctx.correlationId,
          payments: payments && { provider: payments.name, currency: payments.currency },
        });
        ctx.observer?.orderPlaced({ replayed });
        if (input.paymentMethod !== 'card' || !payments) return { ...order, payment: null };
        // A retry with the same key gets the same payment (the provider is asked idempotently).
        const payment = await ensureCardPayment(ctx.db, payments, order.orderId);
        return { ...order, payment };
      } catch (error) {
        if (error instanceof StockConflictError) ctx.observer?.orderConflict();
        throw error;
      }
    }),

  byId: protectedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/orders/{orderId}',
        tags: ['orders'],
        summary: 'One order in full: lines, history, delivery, payments',
        protect: true,
      },
    })
    .input(z.object({ orderId: z.uuid({ error: 'We could not find that order.' }) }))
    .output(orderViewSchema)
    .query(({ ctx, input }) =>
      getOrderForViewer(ctx.db, input.orderId, {
        userId: ctx.user.id,
        role: ctx.user.role,
        restaurantId: ctx.user.restaurantId,
      }),
    ),

  mine: protectedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/orders',
        tags: ['orders'],
        summary: "The signed-in customer's orders, newest first",
        protect: true,
      },
    })
    .output(myOrdersSchema)
    .query(({ ctx }) => listOrdersForUser(ctx.db, ctx.user.id)),

  /** The customer cancels while the kitchen has not answered yet (admins: until it cooks). */
  cancel: actorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/orders/{orderId}/cancel',
        tags: ['orders'],
        summary: 'Cancel an order the kitchen has not answered yet',
        protect: true,
      },
    })
    .input(cancelOrderInputSchema)
    .output(orderStepResultSchema)
    .mutation(async ({ ctx, input }) => {
      const moved = await ctx.db.$transaction((tx) =>
        takeOrderStep(tx, ctx.actor, 'cancel', input.orderId),
      );
      return { orderId: moved.orderId, status: moved.to, version: moved.version };
    }),

  track: protectedProcedure
    .use(requireTracking)
    .input(
      z.object({
        orderId: z.uuid({ error: 'We could not find that order.' }),
        // Sent back by the client on reconnect: the id of the last message it received.
        lastEventId: lastEventIdSchema,
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
