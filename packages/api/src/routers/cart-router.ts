import type { TRPCRouterRecord } from '@trpc/server';

import { z } from 'zod';

import { MAX_LINE_QUANTITY, validateCart } from '@tiffin/domain';

import { publicProcedure } from '../trpc';

export const cartRouter = {
  validate: publicProcedure
    .input(
      z.object({
        items: z
          .array(
            z.object({
              menuItemId: z.uuid({ error: 'Unknown menu item' }),
              quantity: z.int().min(1).max(MAX_LINE_QUANTITY),
              expectedPriceCents: z.int().nonnegative().optional(),
            }),
          )
          .max(50),
      }),
    )
    .query(({ ctx, input }) => validateCart(ctx.db, input.items)),
} satisfies TRPCRouterRecord;
