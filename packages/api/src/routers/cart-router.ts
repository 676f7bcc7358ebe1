import type { TRPCRouterRecord } from '@trpc/server';

import { validateCart, validateCartInputSchema } from '@tiffin/domain';

import { publicProcedure } from '../trpc';

export const cartRouter = {
  validate: publicProcedure
    .input(validateCartInputSchema)
    .query(({ ctx, input }) => validateCart(ctx.db, input.items)),
} satisfies TRPCRouterRecord;
