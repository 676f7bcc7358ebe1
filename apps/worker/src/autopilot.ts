// The autopilot: the simulator, standing in for people who are not there. For restaurants with
// the autopilot switched on it takes each kitchen step still pending when its (simulated) delay
// ends, hands a delivery nobody claimed within DISPATCH_FALLBACK_MS to one of its simulated
// couriers, and rides that courier from the restaurant to the door, reporting positions on the
// way. People always win: a step someone took first makes the autopilot's attempt a no-op, and
// the switch is read when each step fires, so turning it off holds from the next step on.
import type { Db } from '@tiffin/db';
import type { DomainError, DomainErrorCode } from '@tiffin/domain';
import type { Envelope, EventType, RedisClient } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import {
  AUTOPILOT,
  claimDelivery,
  deliverDelivery,
  distanceKm,
  isDomainError,
  pickUpDelivery,
  pointAlong,
  POSITION_TTL_SECONDS,
  routeOf,
  takeOrderStep,
} from '@tiffin/domain';
import { recordCourierPosition, TIMER_IDS } from '@tiffin/events';

import type { DurableTimers, Postpone } from './durable-timers';
import type { AutopilotStep, TimerTask } from './timer-tasks';
import { HELD_STEP_RECHECK_MS, isTaskHeld } from './held-steps';

export interface Delay {
  baseMs: number;
  jitterMs: number;
}

export interface AutopilotSettings {
  /** Divides every delay (and multiplies the couriers' speed): 10 plays a day ten times faster. */
  speed: number;
  /** created → confirmed, and confirmed → preparing. */
  confirm: Delay;
  /** confirmed/preparing → ready_for_pickup: the cooking. */
  prepare: Delay;
  /** The simulated courier's arrival at the restaurant and the handover. */
  pickup: Delay;
  /** How fast simulated couriers ride. */
  courierKmh: number;
  /** How long a delivery waits for a person to claim it before a simulated courier does. */
  dispatchFallbackMs: number;
  /** How often a riding courier reports its position. */
  rideTickMs: number;
}

/** base ± jitter, divided by the speed factor. */
export function sampleDelay(delay: Delay, speed: number, random = Math.random): number {
  const jitter = (random() * 2 - 1) * delay.jitterMs;
  return Math.max(0, Math.round((delay.baseMs + jitter) / speed));
}

/** The events the autopilot acts on; it ignores every other one. */
export const AUTOPILOT_EVENTS: ReadonlySet<string> = new Set<EventType>([
  'order.created.v1',
  'order.status_changed.v1',
  'delivery.created.v1',
  'delivery.status_changed.v1',
  'restaurant.autopilot_changed.v1',
]);

type StepTask = Extract<TimerTask, { kind: 'autopilot-step' }>;
type RideTask = Extract<TimerTask, { kind: 'ride' }>;

/** Errors that mean "someone else already did it" or "the autopilot may not": nothing to do. */
const NO_OP_CODES: ReadonlySet<DomainErrorCode> = new Set([
  'STALE_TRANSITION',
  'DELIVERY_TAKEN',
  'FORBIDDEN',
  'NOT_FOUND',
]);

function isNoOp(error: unknown): error is DomainError {
  return isDomainError(error) && NO_OP_CODES.has(error.code);
}

export class Autopilot {
  constructor(
    private readonly db: Db,
    private readonly redis: RedisClient,
    private readonly timers: DurableTimers<TimerTask>,
    private readonly settings: AutopilotSettings,
    private readonly log: Logger,
  ) {}

  // ---------------------------------------------------------------- deciding what comes next

  /** Schedules what this event calls for (nothing for restaurants without the autopilot). */
  async onEvent(envelope: Envelope): Promise<void> {
    const meta = { correlationId: envelope.correlationId, causationId: envelope.eventId };
    switch (envelope.type) {
      case 'order.created.v1': {
        const p = envelope.payload as Envelope<'order.created.v1'>['payload'];
        if (await this.isOn(p.restaurantId)) await this.step(p.orderId, 'accept', meta);
        return;
      }
      case 'order.status_changed.v1': {
        const p = envelope.payload as Envelope<'order.status_changed.v1'>['payload'];
        const next = NEXT_KITCHEN_STEP[p.to];
        if (next && (await this.isOnForOrder(p.orderId))) await this.step(p.orderId, next, meta);
        if (p.to === 'ready_for_pickup' && (await this.hasSimulatedCourier(p.orderId))) {
          await this.step(p.orderId, 'pickUp', meta);
        }
        return;
      }
      case 'delivery.created.v1': {
        const p = envelope.payload as Envelope<'delivery.created.v1'>['payload'];
        if (await this.isOn(p.restaurantId)) await this.fallback(p.orderId, meta.correlationId);
        return;
      }
      case 'delivery.status_changed.v1': {
        const p = envelope.payload as Envelope<'delivery.status_changed.v1'>['payload'];
        if (!p.courierId || !(await this.isSimulated(p.courierId))) return;
        if (p.to === 'assigned') await this.onAssigned(p.orderId, p.courierId, meta);
        if (p.to === 'on_the_way') await this.startRide(p.orderId, p.courierId, meta.correlationId);
        return;
      }
      case 'restaurant.autopilot_changed.v1': {
        const p = envelope.payload as Envelope<'restaurant.autopilot_changed.v1'>['payload'];
        if (p.enabled) await this.catchUp(p.restaurantId, meta);
        return;
      }
      default:
        return;
    }
  }

  private async isOn(restaurantId: string): Promise<boolean> {
    const restaurant = await this.db.restaurant.findUnique({
      where: { id: restaurantId },
      select: { autopilot: true },
    });
    return restaurant?.autopilot ?? false;
  }

  private async isOnForOrder(orderId: string): Promise<boolean> {
    const order = await this.db.order.findUnique({
      where: { id: orderId },
      select: { restaurant: { select: { autopilot: true } } },
    });
    return order?.restaurant.autopilot ?? false;
  }

  private async isSimulated(courierId: string): Promise<boolean> {
    const user = await this.db.user.findUnique({
      where: { id: courierId },
      select: { simulated: true },
    });
    return user?.simulated ?? false;
  }

  private async hasSimulatedCourier(orderId: string): Promise<boolean> {
    const delivery = await this.db.delivery.findUnique({
      where: { orderId },
      select: { status: true, courier: { select: { simulated: true } } },
    });
    return delivery?.status === 'assigned' && (delivery.courier?.simulated ?? false);
  }

  /** A kitchen or pick-up step after its delay; the timer id makes scheduling it twice harmless. */
  private async step(
    orderId: string,
    step: AutopilotStep,
    meta: { correlationId: string; causationId: string },
    dueAt?: number,
  ): Promise<void> {
    const delay =
      step === 'markReady'
        ? this.settings.prepare
        : step === 'pickUp'
          ? this.settings.pickup
          : this.settings.confirm;
    const due = dueAt ?? Date.now() + sampleDelay(delay, this.settings.speed);
    await this.timers.schedule(TIMER_IDS.autopilotStep(orderId, step), due, {
      kind: 'autopilot-step',
      orderId,
      step,
      ...meta,
    });
  }

  private async fallback(orderId: string, correlationId: string, dueAt?: number): Promise<void> {
    const due =
      dueAt ?? Date.now() + Math.round(this.settings.dispatchFallbackMs / this.settings.speed);
    await this.timers.schedule(TIMER_IDS.dispatchFallback(orderId), due, {
      kind: 'dispatch-fallback',
      orderId,
      correlationId,
    });
  }

  /** The simulated courier shows up at the restaurant; it picks up once the food is ready. */
  private async onAssigned(
    orderId: string,
    courierId: string,
    meta: { correlationId: string; causationId: string },
  ): Promise<void> {
    const route = await routeOf(this.db, orderId);
    await this.report(orderId, courierId, route.pickUp);
    const order = await this.db.order.findUnique({
      where: { id: orderId },
      select: { status: true },
    });
    if (order?.status === 'ready_for_pickup') await this.step(orderId, 'pickUp', meta);
  }

  private async startRide(
    orderId: string,
    courierId: string,
    correlationId: string,
  ): Promise<void> {
    const { pickUp, dropOff } = await routeOf(this.db, orderId);
    const km = distanceKm(pickUp, dropOff);
    const durationMs = Math.round(
      (km / (this.settings.courierKmh * this.settings.speed)) * 3_600_000,
    );
    await this.timers.schedule(TIMER_IDS.ride(orderId), Date.now(), {
      kind: 'ride',
      orderId,
      courierId,
      from: pickUp,
      to: dropOff,
      startedAt: Date.now(),
      durationMs,
      correlationId,
    });
  }

  /** The autopilot was switched on: take up whatever its restaurant's orders are waiting for. */
  private async catchUp(
    restaurantId: string,
    meta: { correlationId: string; causationId: string },
  ): Promise<void> {
    const orders = await this.db.order.findMany({
      where: {
        restaurantId,
        status: {
          in: ['created', 'confirmed', 'preparing', 'ready_for_pickup', 'out_for_delivery'],
        },
      },
      select: {
        id: true,
        status: true,
        delivery: {
          select: { status: true, courierId: true, courier: { select: { simulated: true } } },
        },
      },
    });
    for (const order of orders) {
      const orderMeta = { ...meta };
      const next = NEXT_KITCHEN_STEP[order.status];
      if (next) await this.step(order.id, next, orderMeta);
      const delivery = order.delivery;
      if (delivery?.status === 'waiting')
        await this.fallback(order.id, meta.correlationId, Date.now());
      const simulated = delivery?.courier?.simulated ?? false;
      if (simulated && delivery?.courierId && delivery.status === 'assigned') {
        await this.onAssigned(order.id, delivery.courierId, orderMeta);
      }
      if (simulated && delivery?.courierId && delivery.status === 'on_the_way') {
        await this.startRide(order.id, delivery.courierId, meta.correlationId);
      }
    }
    this.log.info('autopilot switched on: pending steps scheduled', {
      restaurantId,
      orders: orders.length,
    });
  }

  // ---------------------------------------------------------------- firing

  /** A due kitchen or pick-up step: taken unless someone took it first or the autopilot is off. */
  readonly fireStep = async (task: StepTask): Promise<void | Postpone> => {
    const log = this.log.child({ orderId: task.orderId, correlationId: task.correlationId });
    if (await isTaskHeld(this.redis, task)) {
      log.debug('autopilot step held', { step: task.step });
      return { postponeUntil: Date.now() + HELD_STEP_RECHECK_MS };
    }
    const meta = { causationId: task.causationId };
    try {
      await this.db.$transaction(async (tx) => {
        if (task.step === 'pickUp') await pickUpDelivery(tx, AUTOPILOT, task.orderId, meta);
        else await takeOrderStep(tx, AUTOPILOT, task.step, task.orderId, meta);
      });
      log.info('autopilot step', { step: task.step });
    } catch (error) {
      if (!isNoOp(error)) throw error;
      log.info('autopilot step not needed', { step: task.step, reason: error.message });
    }
  };

  /** Nobody claimed the delivery in time: a simulated courier takes it (autopilot restaurants only). */
  readonly fireFallback = async (
    task: Extract<TimerTask, { kind: 'dispatch-fallback' }>,
  ): Promise<void> => {
    const log = this.log.child({ orderId: task.orderId, correlationId: task.correlationId });
    try {
      await this.db.$transaction((tx) => claimDelivery(tx, AUTOPILOT, task.orderId));
      log.info('autopilot courier took the delivery');
    } catch (error) {
      if (!isNoOp(error)) throw error;
      log.info('dispatch fallback not needed', { reason: error.message });
    }
  };

  /** One stretch of a simulated ride: a position on the line, or the door and the delivery. */
  readonly fireRide = async (task: RideTask): Promise<void | Postpone> => {
    const now = Date.now();
    if (await isTaskHeld(this.redis, task)) return { postponeUntil: now + HELD_STEP_RECHECK_MS };
    const fraction = task.durationMs <= 0 ? 1 : (now - task.startedAt) / task.durationMs;
    await this.report(task.orderId, task.courierId, pointAlong(task.from, task.to, fraction));
    if (fraction < 1) {
      return {
        postponeUntil: Math.min(now + this.settings.rideTickMs, task.startedAt + task.durationMs),
      };
    }
    try {
      await this.db.$transaction((tx) => deliverDelivery(tx, AUTOPILOT, task.orderId));
      this.log.info('autopilot courier delivered', {
        orderId: task.orderId,
        correlationId: task.correlationId,
      });
    } catch (error) {
      if (!isNoOp(error)) throw error;
    }
  };

  private async report(orderId: string, courierId: string, point: { lat: number; lng: number }) {
    await recordCourierPosition(
      this.redis,
      { orderId, courierId, lat: point.lat, lng: point.lng },
      { ttlSeconds: POSITION_TTL_SECONDS, distanceKm },
    );
  }
}

/** The kitchen step the autopilot takes after an order reaches a status. */
const NEXT_KITCHEN_STEP: Partial<Record<string, AutopilotStep>> = {
  created: 'accept',
  confirmed: 'startPreparing',
  preparing: 'markReady',
};
