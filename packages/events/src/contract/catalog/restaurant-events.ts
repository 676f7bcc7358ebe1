// Restaurant events: switches that change how a restaurant's orders are handled.
import { z } from 'zod';

export const restaurantAutopilotChangedV1 = z.object({
  restaurantId: z.uuid(),
  enabled: z.boolean(),
  actor: z.string(),
  at: z.iso.datetime(),
});
