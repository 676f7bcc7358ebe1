// The event catalog: every event type Tiffin publishes, with its payload schema and stream.
import type { z } from 'zod';

import type { StreamName } from '../keys';
import { STREAMS } from '../keys';
import {
  accountPasswordResetRequestedV1,
  accountSignUpAttemptedV1,
  accountVerificationRequestedV1,
} from './account-events';
import { deliveryCreatedV1, deliveryStatusChangedV1 } from './delivery-events';
import { menuStockChangedV1 } from './menu-events';
import { orderCreatedV1, orderStatusChangedV1 } from './order-events';
import {
  paymentFailedV1,
  paymentRefundedV1,
  paymentRefundRequestedV1,
  paymentSandboxWebhookV1,
  paymentStartedV1,
} from './payment-events';
import { restaurantAutopilotChangedV1 } from './restaurant-events';

export const eventCatalog = {
  'order.created.v1': { schema: orderCreatedV1, stream: STREAMS.orders },
  'order.status_changed.v1': { schema: orderStatusChangedV1, stream: STREAMS.orders },
  'payment.started.v1': { schema: paymentStartedV1, stream: STREAMS.orders },
  'payment.refund_requested.v1': { schema: paymentRefundRequestedV1, stream: STREAMS.orders },
  'payment.sandbox_webhook.v1': { schema: paymentSandboxWebhookV1, stream: STREAMS.orders },
  'payment.failed.v1': { schema: paymentFailedV1, stream: STREAMS.orders },
  'payment.refunded.v1': { schema: paymentRefundedV1, stream: STREAMS.orders },
  'delivery.created.v1': { schema: deliveryCreatedV1, stream: STREAMS.deliveries },
  'delivery.status_changed.v1': { schema: deliveryStatusChangedV1, stream: STREAMS.deliveries },
  'menu.stock_changed.v1': { schema: menuStockChangedV1, stream: STREAMS.menu },
  'restaurant.autopilot_changed.v1': {
    schema: restaurantAutopilotChangedV1,
    stream: STREAMS.menu,
  },
  'account.verification_requested.v1': {
    schema: accountVerificationRequestedV1,
    stream: STREAMS.accounts,
  },
  'account.password_reset_requested.v1': {
    schema: accountPasswordResetRequestedV1,
    stream: STREAMS.accounts,
  },
  'account.sign_up_attempted.v1': { schema: accountSignUpAttemptedV1, stream: STREAMS.accounts },
} as const satisfies Record<string, { schema: z.ZodType; stream: StreamName }>;

export type EventType = keyof typeof eventCatalog;
export type EventPayload<T extends EventType> = z.infer<(typeof eventCatalog)[T]['schema']>;

export { deliveryStatusSchema } from './delivery-events';
export { orderStatusSchema } from './order-events';
