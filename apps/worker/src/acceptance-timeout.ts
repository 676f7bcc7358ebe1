// The acceptance timeout: an order its kitchen has not answered within KITCHEN_ACCEPT_TIMEOUT_MS
// is cancelled by the platform, with a reason the customer is shown, and its stock comes back.
// A durable timer per order; firing takes the same conditional step as any other, so a kitchen
// that accepts at the last moment and the timeout race with exactly one winner.
import type { Db } from '@tiffin/db';
import type { Logger } from '@tiffin/events/logger';
import { isDomainError, SYSTEM, takeOrderStep } from '@tiffin/domain';
import { TIMER_IDS } from '@tiffin/events';

import type { DurableTimers } from './durable-timers';
import type { TimerTask } from './timer-tasks';

export async function scheduleAcceptanceTimeout(
  timers: DurableTimers<TimerTask>,
  order: { orderId: string; correlationId: string; placedAt: Date },
  timeoutMs: number,
): Promise<void> {
  await timers.schedule(
    TIMER_IDS.acceptanceTimeout(order.orderId),
    order.placedAt.getTime() + timeoutMs,
    {
      kind: 'acceptance-timeout',
      orderId: order.orderId,
      correlationId: order.correlationId,
    },
  );
}

/** Fires a due timeout: cancels the order if it is still unanswered, else does nothing. */
export function acceptanceTimeoutHandler(db: Db, log: Logger) {
  return async (task: Extract<TimerTask, { kind: 'acceptance-timeout' }>): Promise<void> => {
    const taskLog = log.child({ orderId: task.orderId, correlationId: task.correlationId });
    try {
      await db.$transaction((tx) => takeOrderStep(tx, SYSTEM, 'expireAcceptance', task.orderId));
      taskLog.info('order cancelled: the restaurant did not respond in time');
    } catch (error) {
      // The kitchen answered (or the customer cancelled) first: the timeout has nothing to do.
      if (isDomainError(error) && ['STALE_TRANSITION', 'NOT_FOUND'].includes(error.code)) return;
      throw error;
    }
  };
}
