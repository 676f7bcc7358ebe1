import type { TRPCRouterRecord } from '@trpc/server';

import { validateCart, validateCartInputSchema } from '@tiffin/domain';

import { cartCheckSchema } from '../schemas/order-output';
import { publicProcedure } from '../trpc';

export const cartRouter = {
  validate: publicProcedure
    // POST: a cart is a list of lines, which a query string cannot carry.
    .meta({
      openapi: {
        method: 'POST',
        path: '/cart/check',
        tags: ['cart'],
        summary: 'Check a cart against the live menu: stock, prices, availability',
        protect: false,
      },
    })
    .input(validateCartInputSchema)
    .output(cartCheckSchema)
    .query(({ ctx, input }) => validateCart(ctx.db, input.items)),
} satisfies TRPCRouterRecord;
