// What restaurant.* and menu.* send: the restaurant list and page, and a restaurant's menu.
import { z } from 'zod';

import { DIETARY_TAGS } from '@tiffin/domain';

import { cents, outputId, outputText } from './output-fields';

export const openingHoursSchema = z.object({
  /** 0 = Sunday … 6 = Saturday, in the restaurant's time zone. */
  weekday: z.int(),
  /** Minutes after midnight. */
  opensAt: z.int(),
  closesAt: z.int(),
});

export const restaurantSchema = z
  .object({
    id: outputId(),
    slug: outputText(),
    name: outputText(),
    description: outputText(),
    cuisine: outputText(),
    imageUrl: outputText(),
    address: outputText(),
    lat: z.number(),
    lng: z.number(),
    timeZone: outputText(),
    /** The kitchen's own switch; `acceptingOrders` also applies the opening hours. */
    isOpen: z.boolean(),
    hours: z.array(openingHoursSchema),
    rating: z.object({ average: z.number().nullable(), count: z.int() }),
    acceptingOrders: z.boolean(),
    /** "opens at 17:00", "opens tomorrow at 11:30"; null while open or switched off. */
    opensNext: outputText().nullable(),
  })
  .meta({ id: 'Restaurant' });

export const restaurantListSchema = z.array(restaurantSchema);

export const cuisineListSchema = z.array(outputText());

export const menuItemSchema = z
  .object({
    id: outputId(),
    restaurantId: outputId(),
    name: outputText(),
    description: outputText(),
    category: outputText(),
    imageUrl: outputText(),
    priceCents: cents(),
    stock: z.int(),
    isAvailable: z.boolean(),
    tags: z.array(z.enum(DIETARY_TAGS)),
  })
  .meta({ id: 'MenuItem' });

export const menuSchema = z
  .object({
    items: z.array(menuItemSchema),
    /** At or below this stock a dish shows "only N left". */
    lowStockThreshold: z.int(),
  })
  .meta({ id: 'Menu' });
