// The id a resuming subscription sends back: a Redis Stream id ("ms-seq").
import { safeText } from '@tiffin/domain';

export const lastEventIdSchema = safeText()
  .regex(/^\d+-\d+$/, { error: 'Invalid lastEventId' })
  .nullish();
