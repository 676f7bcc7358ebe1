// What a new restaurant and its menu must look like. The QA API creates one per e2e test with
// these rules, so a fixture that asks for something the menu page cannot show is refused up front.
import { z } from 'zod';

import { geoPointSchema } from '../geo/delivery-area';
import { safeText } from '../input/safe-text';
import { dietaryTagSchema } from './dietary-tags';

/** The demo city's centre (the seed's restaurants are around it). */
export const DEMO_AREA_CENTRE = { lat: 51.5155, lng: -0.1218 } as const;

export const MAX_MENU_ITEMS = 50;
export const MAX_PRICE_CENTS = 1_000_000;
export const MAX_STOCK = 100_000;

export const newMenuItemSchema = z.object({
  name: safeText({ error: 'Enter a dish name' })
    .trim()
    .min(1, { error: 'Enter a dish name' })
    .max(80, { error: 'A dish name is at most 80 characters' }),
  description: safeText().trim().max(300, { error: 'At most 300 characters' }).default(''),
  category: safeText().trim().min(1).max(40, { error: 'At most 40 characters' }).default('Mains'),
  priceCents: z
    .int({ error: 'The price must be a whole number of cents' })
    .min(0, { error: 'The price cannot be negative' })
    .max(MAX_PRICE_CENTS, { error: `The price is at most ${MAX_PRICE_CENTS} cents` }),
  stock: z
    .int({ error: 'Stock must be a whole number' })
    .min(0, { error: 'Stock cannot be negative' })
    .max(MAX_STOCK, { error: `Stock is at most ${MAX_STOCK}` })
    .default(20),
  isAvailable: z.boolean().default(true),
  tags: z.array(dietaryTagSchema).max(6).default([]),
});

export const createRestaurantInputSchema = z.object({
  name: safeText({ error: 'Enter a restaurant name' })
    .trim()
    .min(1, { error: 'Enter a restaurant name' })
    .max(80, { error: 'A restaurant name is at most 80 characters' }),
  description: safeText()
    .trim()
    .max(500, { error: 'At most 500 characters' })
    .default('A restaurant made for one test.'),
  cuisine: safeText().trim().min(1).max(40, { error: 'At most 40 characters' }).default('Test'),
  isOpen: z.boolean().default(true),
  /** Whether the simulator stands in for this restaurant's staff and couriers. */
  autopilot: z.boolean().default(true),
  /** Where it is; test restaurants sit in the demo area unless told otherwise. */
  location: geoPointSchema.default(DEMO_AREA_CENTRE),
  menuItems: z
    .array(newMenuItemSchema)
    .min(1, { error: 'A restaurant needs at least one menu item' })
    .max(MAX_MENU_ITEMS, { error: `At most ${MAX_MENU_ITEMS} menu items` })
    // The database keys items on (restaurant, name); say so here rather than fail half-way.
    .refine((items) => new Set(items.map((i) => i.name)).size === items.length, {
      error: 'Each menu item needs its own name',
    }),
});

/** What a caller passes (defaults may be left out). */
export type CreateRestaurantInput = z.input<typeof createRestaurantInputSchema>;
export type NewMenuItem = z.output<typeof newMenuItemSchema>;
