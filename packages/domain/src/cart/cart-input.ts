// What a cart check accepts: the lines of an order in the making. Unlike an order it may be
// empty or repeat an item (the check reports it), but each line and the count follow the order's
// rules, so a cart the check accepts is one checkout can take.
import { z } from 'zod';

import { MAX_ORDER_LINES, orderLineSchema } from '../orders/order-input';

export const validateCartInputSchema = z.object({
  items: z
    .array(orderLineSchema)
    .max(MAX_ORDER_LINES, { error: `A cart can have at most ${MAX_ORDER_LINES} lines` }),
});

export type ValidateCartInput = z.infer<typeof validateCartInputSchema>;
