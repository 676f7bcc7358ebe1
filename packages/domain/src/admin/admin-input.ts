// What the admin console sends.
import { z } from 'zod';

import { safeText } from '../input/safe-text';

export const ROLES = ['CUSTOMER', 'RESTAURANT_STAFF', 'COURIER', 'ADMIN'] as const;

export const userSearchInputSchema = z.object({
  query: safeText().trim().max(100, { error: 'Search for at most 100 characters' }).default(''),
});

export const setRoleInputSchema = z
  .object({
    email: z.email({ error: 'Enter the email of an account' }).trim().toLowerCase(),
    role: z.enum(ROLES, { error: `A role is one of: ${ROLES.join(', ')}` }),
    restaurantId: z.uuid({ error: 'We could not find that restaurant.' }).nullish(),
  })
  .refine((v) => v.role !== 'RESTAURANT_STAFF' || !!v.restaurantId, {
    error: 'Restaurant staff need a restaurant',
    path: ['restaurantId'],
  });

export const setAutopilotInputSchema = z.object({
  restaurantId: z.uuid({ error: 'We could not find that restaurant.' }),
  enabled: z.boolean({ error: 'Say whether the autopilot is on' }),
});

export const cancelOrderInputSchema = z.object({
  orderId: z.uuid({ error: 'We could not find that order.' }),
});
