// What auth.me sends: the signed-in person as the session (or token) names them, or null.
import { z } from 'zod';

import { Role } from '@tiffin/db/enums';

import { outputId, outputText } from './output-fields';

export const sessionUserSchema = z
  .object({
    id: outputId(),
    email: outputText(),
    name: outputText(),
    role: z.enum(Role),
    /** The restaurant a kitchen account works at; null for everyone else. */
    restaurantId: outputId().nullable(),
  })
  .meta({ id: 'SessionUser' })
  .nullable();
