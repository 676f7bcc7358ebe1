import type { TRPCRouterRecord } from '@trpc/server';

import { z } from 'zod';

import { listMenu, LOW_STOCK_THRESHOLD } from '@tiffin/domain';

import { watchMenuStock } from '../tracking/menu-stock';
import { publicProcedure } from '../trpc';

export const menuRouter = {
  list: publicProcedure
    .input(z.object({ restaurantId: z.uuid({ error: 'Unknown restaurant' }) }))
    .query(async ({ ctx, input }) => ({
      items: await listMenu(ctx.db, input.restaurantId),
      lowStockThreshold: LOW_STOCK_THRESHOLD,
    })),

  stockChanged: publicProcedure
    .input(z.object({ restaurantId: z.uuid({ error: 'Unknown restaurant' }) }))
    .subscription(({ ctx, input, signal }) =>
      watchMenuStock({ hub: ctx.tracking, restaurantId: input.restaurantId, signal }),
    ),
} satisfies TRPCRouterRecord;
