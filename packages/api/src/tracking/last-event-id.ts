// The id a resuming subscription sends back: a Redis Stream id ("ms-seq").
import { z } from 'zod';

export const lastEventIdSchema = z
  .string()
  .regex(/^\d+-\d+$/, { error: 'Invalid lastEventId' })
  .nullish();
