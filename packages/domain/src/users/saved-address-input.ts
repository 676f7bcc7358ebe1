// The rules of a saved delivery address; shared by the API, the profile page and checkout.
import { z } from 'zod';

import { geoPointSchema } from '../geo/delivery-area';
import { safeText } from '../input/safe-text';
import { deliveryDetailsSchema } from '../orders/order-input';

/** How many addresses one person may keep: enough for home, work and family, not a database. */
export const MAX_SAVED_ADDRESSES = 10;

export const addressLabelSchema = safeText({ error: 'Give the address a label' })
  .trim()
  .min(1, { error: 'Give the address a label (e.g. Home)' })
  .max(40, { error: 'That label is too long (40 characters at most)' });

export const addSavedAddressInputSchema = z.object({
  label: addressLabelSchema,
  address: deliveryDetailsSchema.shape.deliveryAddress,
  location: geoPointSchema,
});

export type AddSavedAddressInput = z.infer<typeof addSavedAddressInputSchema>;

/** A rename, a new text or a new point: what is left out stays as it is. */
export const updateSavedAddressInputSchema = z.object({
  id: z.uuid({ error: 'That is not one of your addresses' }),
  label: addressLabelSchema.optional(),
  address: deliveryDetailsSchema.shape.deliveryAddress.optional(),
  location: geoPointSchema.optional(),
});

export type UpdateSavedAddressInput = z.infer<typeof updateSavedAddressInputSchema>;

export const removeSavedAddressInputSchema = z.object({
  id: z.uuid({ error: 'That is not one of your addresses' }),
});

export type RemoveSavedAddressInput = z.infer<typeof removeSavedAddressInputSchema>;
