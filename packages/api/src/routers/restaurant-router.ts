import type { TRPCRouterRecord } from '@trpc/server';

import { TRPCError } from '@trpc/server';
import { z } from 'zod';

import { getRestaurantBySlug, listCuisines, listRestaurants, safeText } from '@tiffin/domain';

import { publicProcedure } from '../trpc';

export const restaurantRouter = {
  list: publicProcedure
    .input(
      z
        .object({
          search: safeText().trim().max(100).optional(),
          cuisine: safeText().trim().max(50).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listRestaurants(ctx.db, input ?? {})),

  cuisines: publicProcedure.query(({ ctx }) => listCuisines(ctx.db)),

  bySlug: publicProcedure
    .input(z.object({ slug: safeText().trim().min(1).max(100) }))
    .query(async ({ ctx, input }) => {
      const restaurant = await getRestaurantBySlug(ctx.db, input.slug);
      if (!restaurant) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'We could not find that restaurant.' });
      }
      return restaurant;
    }),
} satisfies TRPCRouterRecord;
