// The worker's side of payments, all on the durable timers: the payment timeout of each card
// order, and the delivery of the sandbox provider's webhooks (signed in Stripe's scheme, POSTed
// to the web app, retried with backoff until it answers 2xx, as a real provider does).
import type { Db } from '@tiffin/db';
import type { Logger } from '@tiffin/events/logger';
import { expireUnpaidOrder, SANDBOX_SIGNATURE_HEADER, signWebhook } from '@tiffin/domain';
import { TIMER_IDS } from '@tiffin/events';
import { errorMessage } from '@tiffin/events/logger';

import type { DurableTimers } from './durable-timers';
import type { TimerTask } from './timer-tasks';

type PaymentTimeoutTask = Extract<TimerTask, { kind: 'payment-timeout' }>;
type WebhookDeliveryTask = Extract<TimerTask, { kind: 'webhook-delivery' }>;

/** Attempts before a webhook delivery is given up (and logged as an error for operators). */
export const WEBHOOK_MAX_ATTEMPTS = 10;

/** Exponential from 1 s, doubling per failed attempt, capped at 5 minutes (a provider's pace). */
export function webhookBackoffMs(failedAttempts: number): number {
  return Math.min(1_000 * 2 ** (failedAttempts - 1), 5 * 60_000);
}

export async function schedulePaymentTimeout(
  timers: DurableTimers<TimerTask>,
  order: { orderId: string; correlationId: string; placedAt: Date },
  timeoutMs: number,
): Promise<void> {
  await timers.schedule(
    TIMER_IDS.paymentTimeout(order.orderId),
    order.placedAt.getTime() + timeoutMs,
    { kind: 'payment-timeout', orderId: order.orderId, correlationId: order.correlationId },
  );
}

/** Fires a due payment timeout: cancels the order if it is still unpaid, else does nothing. */
export function paymentTimeoutHandler(db: Db, log: Logger) {
  return async (task: PaymentTimeoutTask): Promise<void> => {
    const expired = await db.$transaction((tx) => expireUnpaidOrder(tx, task.orderId));
    if (expired) {
      log.info('order cancelled: not paid in time', {
        orderId: task.orderId,
        correlationId: task.correlationId,
      });
    }
  };
}

export async function scheduleWebhookDelivery(
  timers: DurableTimers<TimerTask>,
  task: Omit<WebhookDeliveryTask, 'kind'>,
  dueAt: number,
): Promise<void> {
  await timers.schedule(TIMER_IDS.webhookDelivery(task.eventId, task.attempt), dueAt, {
    kind: 'webhook-delivery',
    ...task,
  });
}

export interface WebhookTarget {
  url: string;
  secret: string;
  /** Stops a hung endpoint from holding the timer's lease. */
  timeoutMs?: number;
}

/** Delivers one attempt; a failure schedules the next, until WEBHOOK_MAX_ATTEMPTS. */
export function webhookDeliveryHandler(
  timers: DurableTimers<TimerTask>,
  target: WebhookTarget,
  log: Logger,
) {
  return async (task: WebhookDeliveryTask): Promise<void> => {
    const taskLog = log.child({ orderId: task.orderId, eventId: task.eventId });
    let failure: string;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SANDBOX_SIGNATURE_HEADER]: signWebhook(task.body, target.secret),
        },
        body: task.body,
        signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
      });
      if (response.ok) {
        taskLog.info('payment webhook delivered', { attempt: task.attempt });
        return;
      }
      failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = errorMessage(error);
    }
    if (task.attempt >= WEBHOOK_MAX_ATTEMPTS) {
      taskLog.error('payment webhook undeliverable; giving up', {
        attempts: task.attempt,
        failure,
      });
      return;
    }
    taskLog.warn('payment webhook delivery failed; will retry', { attempt: task.attempt, failure });
    await scheduleWebhookDelivery(
      timers,
      { orderId: task.orderId, eventId: task.eventId, body: task.body, attempt: task.attempt + 1 },
      Date.now() + webhookBackoffMs(task.attempt),
    );
  };
}
