// What the worker's durable timers carry, and who fires each kind. One timer set serves every
// purpose (acceptance and payment timeouts, the autopilot's steps, dispatch fallbacks, simulated
// rides, webhook deliveries), so one claim loop fires them all and no two loops ever take each
// other's timers.
import type { GeoPoint } from '@tiffin/domain';
import type { Logger } from '@tiffin/events/logger';

import type { Postpone } from './durable-timers';

/** A kitchen or courier step the autopilot takes for absent people. */
export type AutopilotStep = 'accept' | 'startPreparing' | 'markReady' | 'pickUp';

export type TimerTask =
  | { kind: 'acceptance-timeout'; orderId: string; correlationId: string }
  | { kind: 'payment-timeout'; orderId: string; correlationId: string }
  | {
      kind: 'webhook-delivery';
      orderId: string;
      eventId: string;
      /** The webhook's body, signed afresh at each attempt (the signature carries the time). */
      body: string;
      attempt: number;
    }
  | {
      kind: 'autopilot-step';
      orderId: string;
      step: AutopilotStep;
      correlationId: string;
      causationId: string;
    }
  | { kind: 'dispatch-fallback'; orderId: string; correlationId: string }
  | {
      kind: 'ride';
      orderId: string;
      courierId: string;
      from: GeoPoint;
      to: GeoPoint;
      startedAt: number;
      durationMs: number;
      correlationId: string;
    };

export type TimerKind = TimerTask['kind'];

export type TaskHandlers = {
  [K in TimerKind]: (task: Extract<TimerTask, { kind: K }>) => Promise<void | Postpone>;
};

/**
 * The timers' fire function: hands each task to its kind's handler. Every worker handles every
 * kind (any worker may claim any timer); a task of an unknown kind, from an older version, is
 * dropped with a warning, since it would never fire otherwise.
 */
export function fireByKind(handlers: TaskHandlers, log: Logger) {
  return async (id: string, task: TimerTask): Promise<void | Postpone> => {
    switch (task.kind) {
      case 'acceptance-timeout':
        return handlers['acceptance-timeout'](task);
      case 'payment-timeout':
        return handlers['payment-timeout'](task);
      case 'webhook-delivery':
        return handlers['webhook-delivery'](task);
      case 'autopilot-step':
        return handlers['autopilot-step'](task);
      case 'dispatch-fallback':
        return handlers['dispatch-fallback'](task);
      case 'ride':
        return handlers.ride(task);
      default:
        return dropped(id, task, log);
    }
  };
}

function dropped(id: string, task: unknown, log: Logger): void {
  log.warn('timer of a kind this worker does not handle; dropping it', { timerId: id, task });
}
