// The simulator: plays kitchen and courier. Each lifecycle event schedules the next step as a
// durable timer after a randomized delay; the timer fires the transition transaction. With
// SIM_ENABLED=false none of this runs and staff and couriers drive orders themselves.
import type { Redis } from 'ioredis';

import type { Db, DeliveryStatus, OrderStatus } from '@tiffin/db';
import type { Envelope } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import { StaleTransitionError, transitionDelivery, transitionOrder } from '@tiffin/domain';

import type { Postpone } from './durable-timers';
import { DurableTimers } from './durable-timers';
import { HELD_STEP_RECHECK_MS, isStepHeld } from './held-steps';

export interface Delay {
  baseMs: number;
  jitterMs: number;
}

export interface SimulatorSettings {
  speed: number;
  timerLeaseMs: number;
  /** created → confirmed, and confirmed → preparing. */
  confirm: Delay;
  /** preparing → out_for_delivery: the cooking. */
  prepare: Delay;
  /** waiting → on_the_way: the courier arrives. */
  pickup: Delay;
  /** on_the_way → delivered: the ride. */
  transit: Delay;
}

export type SimulatedStep =
  | {
      kind: 'order';
      orderId: string;
      from: OrderStatus;
      to: OrderStatus;
      causationId: string;
      correlationId: string;
    }
  | {
      kind: 'delivery';
      deliveryId: string;
      orderId: string;
      from: DeliveryStatus;
      to: DeliveryStatus;
      causationId: string;
      correlationId: string;
    };

/** A step the simulator takes next, and how long after the event that asked for it. */
export interface NextStep {
  step: SimulatedStep;
  delay: Delay;
}

const ACTOR = 'simulator';

/** base ± jitter, divided by the speed factor. */
export function sampleDelay(delay: Delay, speed: number, random = Math.random): number {
  const jitter = (random() * 2 - 1) * delay.jitterMs;
  return Math.max(0, Math.round((delay.baseMs + jitter) / speed));
}

export class Simulator {
  readonly timers: DurableTimers<SimulatedStep>;

  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly settings: SimulatorSettings,
    private readonly log: Logger,
    onTimerFired?: () => void,
  ) {
    this.timers = new DurableTimers<SimulatedStep>({
      redis,
      log,
      fire: (_id, step) => this.fire(step),
      leaseMs: settings.timerLeaseMs,
      ...(onTimerFired ? { onFired: onTimerFired } : {}),
    });
  }

  /**
   * Schedules a step after its randomized delay. The timer id names the step, so scheduling
   * the same step twice is harmless.
   */
  async schedule({ step, delay }: NextStep): Promise<void> {
    const id =
      step.kind === 'order'
        ? `order:${step.orderId}:${step.to}`
        : `delivery:${step.deliveryId}:${step.to}`;
    const dueAt = Date.now() + sampleDelay(delay, this.settings.speed);
    await this.timers.schedule(id, dueAt, step);
    this.log.debug('simulator scheduled', {
      timerId: id,
      dueInMs: dueAt - Date.now(),
      correlationId: step.correlationId,
    });
  }

  /** The step this event calls for, and its delay; undefined for events that call for none. */
  nextStep(envelope: Envelope): NextStep | undefined {
    const meta = { causationId: envelope.eventId, correlationId: envelope.correlationId };
    switch (envelope.type) {
      case 'order.created.v1': {
        const { orderId } = envelope.payload as Envelope<'order.created.v1'>['payload'];
        return {
          step: { kind: 'order', orderId, from: 'created', to: 'confirmed', ...meta },
          delay: this.settings.confirm,
        };
      }
      case 'order.status_changed.v1': {
        const { orderId, to } = envelope.payload as Envelope<'order.status_changed.v1'>['payload'];
        if (to === 'confirmed') {
          return {
            step: { kind: 'order', orderId, from: 'confirmed', to: 'preparing', ...meta },
            delay: this.settings.confirm,
          };
        }
        if (to === 'preparing') {
          return {
            step: { kind: 'order', orderId, from: 'preparing', to: 'out_for_delivery', ...meta },
            delay: this.settings.prepare,
          };
        }
        return undefined;
      }
      case 'delivery.created.v1': {
        const { deliveryId, orderId } =
          envelope.payload as Envelope<'delivery.created.v1'>['payload'];
        return {
          step: {
            kind: 'delivery',
            deliveryId,
            orderId,
            from: 'waiting',
            to: 'on_the_way',
            ...meta,
          },
          delay: this.settings.pickup,
        };
      }
      case 'delivery.status_changed.v1': {
        const { deliveryId, orderId, to } =
          envelope.payload as Envelope<'delivery.status_changed.v1'>['payload'];
        if (to !== 'on_the_way') return undefined;
        return {
          step: {
            kind: 'delivery',
            deliveryId,
            orderId,
            from: 'on_the_way',
            to: 'delivered',
            ...meta,
          },
          delay: this.settings.transit,
        };
      }
      default:
        return undefined;
    }
  }

  /**
   * A due timer: run its transition. A stale step was already taken (a repeat, or a person). A
   * step an e2e test holds is put off, not dropped, so it runs soon after the release.
   */
  private async fire(step: SimulatedStep): Promise<void | Postpone> {
    const log = this.log.child({ correlationId: step.correlationId, orderId: step.orderId });
    if (await isStepHeld(this.redis, step)) {
      log.debug('simulator step held', { kind: step.kind, from: step.from, to: step.to });
      return { postponeUntil: Date.now() + HELD_STEP_RECHECK_MS };
    }
    try {
      const meta = { causationId: step.causationId };
      await this.db.$transaction(async (tx) => {
        if (step.kind === 'order') {
          await transitionOrder(tx, step.orderId, step.from, step.to, ACTOR, meta);
        } else {
          await transitionDelivery(tx, step.deliveryId, step.from, step.to, ACTOR, meta);
        }
      });
      log.info('simulator step', { kind: step.kind, from: step.from, to: step.to });
    } catch (error) {
      if (error instanceof StaleTransitionError) {
        log.info('simulator step already taken', { kind: step.kind, from: step.from, to: step.to });
        return;
      }
      throw error;
    }
  }
}
