import type { TRPCRouterRecord } from '@trpc/server';

import { TRPCError } from '@trpc/server';
import { z } from 'zod';

import { getRestaurantBySlug, listCuisines, listRestaurants, safeText } from '@tiffin/domain';

import {
  cuisineListSchema,
  restaurantListSchema,
  restaurantSchema,
} from '../schemas/catalog-output';
import { publicProcedure } from '../trpc';

export const restaurantRouter = {
  list: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/restaurants',
        tags: ['catalog'],
        summary: 'Restaurants, those taking orders first; filter by a search or a cuisine',
        protect: false,
      },
    })
    .input(
      z
        .object({
          search: safeText().trim().max(100).optional(),
          cuisine: safeText().trim().max(50).optional(),
        })
        .optional(),
    )
    .output(restaurantListSchema)
    .query(({ ctx, input }) => listRestaurants(ctx.db, input ?? {})),

  cuisines: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/cuisines',
        tags: ['catalog'],
        summary: 'Every cuisine a restaurant has',
        protect: false,
      },
    })
    .output(cuisineListSchema)
    .query(({ ctx }) => listCuisines(ctx.db)),

  bySlug: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/restaurants/{slug}',
        tags: ['catalog'],
        summary: 'One restaurant, by the slug in its address',
        protect: false,
      },
    })
    .input(z.object({ slug: safeText().trim().min(1).max(100) }))
    .output(restaurantSchema)
    .query(async ({ ctx, input }) => {
      const restaurant = await getRestaurantBySlug(ctx.db, input.slug);
      if (!restaurant) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'We could not find that restaurant.' });
      }
      return restaurant;
    }),
} satisfies TRPCRouterRecord;
