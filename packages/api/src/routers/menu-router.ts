import type { TRPCRouterRecord } from '@trpc/server';

import { z } from 'zod';

import { listMenu, LOW_STOCK_THRESHOLD } from '@tiffin/domain';

import { menuSchema } from '../schemas/catalog-output';
import { watchMenuStock } from '../tracking/menu-stock';
import { publicProcedure } from '../trpc';

export const menuRouter = {
  list: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/restaurants/{restaurantId}/menu',
        tags: ['catalog'],
        summary: "A restaurant's menu with live stock",
        protect: false,
      },
    })
    .input(z.object({ restaurantId: z.uuid({ error: 'Unknown restaurant' }) }))
    .output(menuSchema)
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
