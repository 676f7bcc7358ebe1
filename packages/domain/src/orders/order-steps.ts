// The steps people (and the autopilot, and the acceptance timeout) take on an order: the kitchen
// accepts or rejects it, prepares it and marks it ready; the customer (or an admin) cancels it.
// Each checks who may take it (authority/step-authority.ts), then moves the order through
// transitionOrder, which is conditional on status and version: of two racing steps exactly one
// wins, and the loser gets a CONFLICT that says what happened, with nothing written.
import type { PrismaTransaction } from '@tiffin/db';
import type { OrderStatus } from '@tiffin/db/enums';

import type { Actor } from '../authority/actor';
import type { StepParties } from '../authority/step-authority';
import type { OrderStep } from './order-step-rules';
import type { OrderTransition, TransitionMeta } from './transition-order';
import { actorLabel } from '../authority/actor';
import { authorizeStep } from '../authority/step-authority';
import { transitionDelivery } from '../deliveries/delivery-transitions';
import { DomainError, StaleTransitionError } from '../errors';
import { ORDER_STATUSES } from './order-state-machine';
import { ACCEPTANCE_TIMEOUT_REASON, ADMIN_CANCELLABLE, ORDER_STEPS } from './order-step-rules';
import { transitionOrder } from './transition-order';

function fromStates(step: OrderStep, actor: Actor): readonly OrderStatus[] {
  const admin = actor.kind === 'person' && actor.role === 'ADMIN';
  return step === 'cancel' && admin ? ADMIN_CANCELLABLE : ORDER_STEPS[step].from;
}

const words = (status: string) => status.replaceAll('_', ' ');

/** Why a step cannot be taken from where the order is now, in the words of the console. */
function conflictMessage(step: OrderStep, status: OrderStatus): string {
  if (status === 'cancelled') {
    return step === 'cancel' || step === 'reject'
      ? 'This order is already cancelled.'
      : 'This order was cancelled before that could happen.';
  }
  switch (step) {
    case 'accept':
      return 'This order was already accepted.';
    case 'reject':
      return 'This order was already accepted, so it can no longer be rejected.';
    case 'startPreparing':
      return status === 'created'
        ? 'Accept the order before you start preparing it.'
        : `This order is already ${words(status)}.`;
    case 'markReady':
      return status === 'created' || status === 'confirmed'
        ? 'Start preparing the order before you mark it ready.'
        : `This order is already ${words(status)}.`;
    case 'cancel':
      return 'The restaurant has already accepted this order, so it can no longer be cancelled.';
    case 'expireAcceptance':
      return 'The restaurant already answered this order.';
  }
}

/** The order and its delivery as the authority check and the step need them. */
export async function loadStepParties(tx: PrismaTransaction, orderId: string) {
  const order = await tx.order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      status: true,
      version: true,
      userId: true,
      restaurantId: true,
      restaurant: { select: { autopilot: true } },
      delivery: {
        select: {
          id: true,
          status: true,
          version: true,
          courierId: true,
          courier: { select: { simulated: true } },
        },
      },
    },
  });
  if (!order) throw new DomainError('NOT_FOUND', 'We could not find that order.');
  const parties: StepParties = {
    restaurantId: order.restaurantId,
    customerId: order.userId,
    restaurantAutopilot: order.restaurant.autopilot,
    courierId: order.delivery?.courierId ?? null,
    courierSimulated: order.delivery?.courier?.simulated ?? false,
  };
  return { order, parties };
}

export interface OrderStepOptions {
  reason?: string | null;
  causationId?: string;
  /** The version the console showed; a step on an order that moved since is refused. */
  expectedVersion?: number;
}

/**
 * Takes one step on an order in the caller's transaction. FORBIDDEN for someone who may not,
 * NOT_FOUND for an unknown order, CONFLICT (STALE_TRANSITION) when the order has moved on.
 */
export async function takeOrderStep(
  tx: PrismaTransaction,
  actor: Actor,
  step: OrderStep,
  orderId: string,
  opts: OrderStepOptions = {},
): Promise<OrderTransition> {
  const { order, parties } = await loadStepParties(tx, orderId);
  authorizeStep(step, actor, parties);
  const rule = ORDER_STEPS[step];
  const reason =
    step === 'expireAcceptance' ? ACCEPTANCE_TIMEOUT_REASON : opts.reason?.trim() || null;
  if (rule.needsReason && !reason) {
    throw new DomainError('INVALID_REQUEST', 'Say why, so the customer knows.');
  }
  if (!fromStates(step, actor).includes(order.status)) {
    throw new DomainError('STALE_TRANSITION', conflictMessage(step, order.status), {
      entity: 'order',
      expected: rule.from.join(' or '),
      actual: order.status,
    });
  }
  const meta: TransitionMeta = {
    reason,
    expectedVersion: opts.expectedVersion ?? order.version,
    ...(opts.causationId ? { causationId: opts.causationId } : {}),
  };
  const label = actorLabel(actor);
  const transition = await transitionOrder(tx, orderId, order.status, rule.to, label, meta).catch(
    (error: unknown) => {
      // Someone else's step committed between our read and our write: say what it did.
      if (!(error instanceof StaleTransitionError)) throw error;
      const now = ORDER_STATUSES.find((status) => status === error.actual);
      throw new DomainError(
        'STALE_TRANSITION',
        now ? conflictMessage(step, now) : 'This order changed a moment ago. Look again and retry.',
        error.details,
      );
    },
  );
  if (rule.to === 'cancelled') {
    // Read again now that the update holds the order's row: a delivery the worker created since
    // the read above (it locks the same row first) is cancelled with the order, not left waiting.
    const delivery = await tx.delivery.findUnique({
      where: { orderId },
      select: { id: true, status: true },
    });
    if (delivery && isOpenDelivery(delivery.status)) {
      await transitionDelivery(tx, delivery.id, delivery.status, 'cancelled', label, {
        ...(opts.causationId ? { causationId: opts.causationId } : {}),
      });
    }
  }
  return transition;
}

function isOpenDelivery(status: string): status is 'waiting' | 'assigned' {
  return status === 'waiting' || status === 'assigned';
}
