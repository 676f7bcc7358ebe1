// What a new API token must name: shared by the API and the token page's form.
import { z } from 'zod';

import { safeText } from '../input/safe-text';

/** The longest a token may live; "never" (no expiry) is allowed too. */
export const MAX_TOKEN_DAYS = 365;

export const createTokenInputSchema = z.object({
  name: safeText({ error: 'Name the token' })
    .trim()
    .min(1, { error: 'Name the token' })
    .max(80, { error: 'That name is too long (80 characters at most)' }),
  /** Days until it stops working; null or absent: it works until revoked. */
  expiresInDays: z
    .number({ error: 'Give the days until the token expires, or none' })
    .int({ error: 'Give whole days' })
    .min(1, { error: 'A token lives at least one day' })
    .max(MAX_TOKEN_DAYS, { error: `A token lives at most ${MAX_TOKEN_DAYS} days` })
    .nullish(),
});

export type CreateTokenInput = z.infer<typeof createTokenInputSchema>;

export const revokeTokenInputSchema = z.object({
  id: z.uuid({ error: 'Name a token by its id' }),
});

export type RevokeTokenInput = z.infer<typeof revokeTokenInputSchema>;
