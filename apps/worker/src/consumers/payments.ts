// The `payments` consumer group: a card order's payment timeout starts when its payment does; an
// owed refund is asked of the provider (a failure throws, so the group retries it and, in the
// end, dead-letters it where admins see it); the sandbox's outcomes go out as signed webhooks.
import type { Envelope } from '@tiffin/events';
import { performRefund, processOnce } from '@tiffin/domain';
import { STREAMS } from '@tiffin/events';

import { schedulePaymentTimeout, scheduleWebhookDelivery } from '../payment-tasks';
import { defineConsumer } from './consumer-declaration';

const GROUP = 'payments';

export const paymentsConsumer = defineConsumer({
  group: GROUP,
  streams: [STREAMS.orders],
  handler: ({ db, timers, payments }) => {
    return async (envelope, log) => {
      switch (envelope.type) {
        case 'payment.started.v1': {
          const { orderId } = envelope.payload as Envelope<'payment.started.v1'>['payload'];
          await processOnce(db, GROUP, envelope, () =>
            schedulePaymentTimeout(
              timers,
              {
                orderId,
                correlationId: envelope.correlationId,
                placedAt: new Date(envelope.occurredAt),
              },
              payments.timeoutMs,
            ),
          );
          return;
        }
        case 'payment.refund_requested.v1': {
          const { refundId } =
            envelope.payload as Envelope<'payment.refund_requested.v1'>['payload'];
          // Idempotent by itself: a refund already made is not made again.
          const outcome = await performRefund(db, payments.provider, refundId);
          log.info('refund settled', { refundId, outcome });
          return;
        }
        case 'payment.sandbox_webhook.v1': {
          const p = envelope.payload as Envelope<'payment.sandbox_webhook.v1'>['payload'];
          await processOnce(db, GROUP, envelope, () =>
            scheduleWebhookDelivery(
              timers,
              { orderId: p.orderId, eventId: p.eventId, body: p.body, attempt: 1 },
              Date.now(),
            ),
          );
          return;
        }
        default:
          return;
      }
    };
  },
});
