// Who may take each step of an order's and a delivery's life, as a table. Staff act on their own
// restaurant's orders, couriers on their own deliveries (any online courier may claim one), the
// customer cancels their own order, admins may do anything, the autopilot stands in only where it
// is switched on (kitchen steps of autopilot restaurants, the simulated couriers' rides), and only
// the platform times an order out.
import type { Actor } from './actor';
import { DomainError } from '../errors';

export type LifecycleStep =
  | 'accept'
  | 'reject'
  | 'startPreparing'
  | 'markReady'
  | 'cancel'
  | 'expireAcceptance'
  | 'claim'
  | 'pickUp'
  | 'deliver'
  | 'reportPosition';

/** The relations an actor can have to an order. */
export type Party =
  | 'ownRestaurantStaff'
  | 'orderCustomer'
  | 'onlineCourier'
  | 'assignedCourier'
  | 'admin'
  | 'autopilotKitchen'
  | 'autopilotCourier'
  | 'system';

export const STEP_AUTHORITY: Readonly<Record<LifecycleStep, readonly Party[]>> = {
  accept: ['ownRestaurantStaff', 'admin', 'autopilotKitchen'],
  reject: ['ownRestaurantStaff', 'admin'],
  startPreparing: ['ownRestaurantStaff', 'admin', 'autopilotKitchen'],
  markReady: ['ownRestaurantStaff', 'admin', 'autopilotKitchen'],
  cancel: ['orderCustomer', 'admin'],
  expireAcceptance: ['system'],
  claim: ['onlineCourier', 'autopilotCourier'],
  pickUp: ['assignedCourier', 'admin', 'autopilotCourier'],
  deliver: ['assignedCourier', 'admin', 'autopilotCourier'],
  reportPosition: ['assignedCourier', 'autopilotCourier'],
};

/** What the check needs to know about the order and its delivery. */
export interface StepParties {
  restaurantId: string;
  customerId: string;
  restaurantAutopilot: boolean;
  /** The delivery's courier, once one claimed it. */
  courierId: string | null;
  /** Whether that courier is one the autopilot plays. */
  courierSimulated: boolean;
  /** For claims: whether the claiming courier is online. */
  claimantOnline?: boolean;
}

export function isParty(party: Party, actor: Actor, order: StepParties): boolean {
  const personal = actor.kind === 'person' ? actor : null;
  switch (party) {
    case 'ownRestaurantStaff':
      return (
        personal?.role === 'RESTAURANT_STAFF' &&
        personal.restaurantId !== null &&
        personal.restaurantId === order.restaurantId
      );
    case 'orderCustomer':
      return personal?.userId === order.customerId;
    case 'onlineCourier':
      return personal?.role === 'COURIER' && order.claimantOnline === true;
    case 'assignedCourier':
      return personal?.role === 'COURIER' && personal.userId === order.courierId;
    case 'admin':
      return personal?.role === 'ADMIN';
    case 'autopilotKitchen':
      return actor.kind === 'autopilot' && order.restaurantAutopilot;
    case 'autopilotCourier':
      // The autopilot claims for autopilot restaurants, then rides only its own couriers.
      return (
        actor.kind === 'autopilot' &&
        (order.courierId === null ? order.restaurantAutopilot : order.courierSimulated)
      );
    case 'system':
      return actor.kind === 'system';
  }
}

export function mayTakeStep(step: LifecycleStep, actor: Actor, order: StepParties): boolean {
  return STEP_AUTHORITY[step].some((party) => isParty(party, actor, order));
}

const REFUSALS: Record<LifecycleStep, string> = {
  accept: 'Only staff of this restaurant can accept its orders.',
  reject: 'Only staff of this restaurant can reject its orders.',
  startPreparing: 'Only staff of this restaurant can start preparing its orders.',
  markReady: 'Only staff of this restaurant can mark its orders ready.',
  cancel: 'Only the customer who placed this order can cancel it.',
  expireAcceptance: 'Only the platform times out an order.',
  claim: 'Only online couriers can claim deliveries.',
  pickUp: 'Only the courier of this delivery can pick it up.',
  deliver: 'Only the courier of this delivery can deliver it.',
  reportPosition: 'Only the courier of this delivery can report its position.',
};

/** Throws FORBIDDEN, with a message a person understands, unless the actor may take the step. */
export function authorizeStep(step: LifecycleStep, actor: Actor, order: StepParties): void {
  if (mayTakeStep(step, actor, order)) return;
  const offlineCourier =
    step === 'claim' &&
    actor.kind === 'person' &&
    actor.role === 'COURIER' &&
    !order.claimantOnline;
  throw new DomainError(
    'FORBIDDEN',
    offlineCourier ? 'Go online to claim deliveries.' : REFUSALS[step],
  );
}

/**
 * Running a restaurant (its menu, stock, open switch and hours): its own staff, and admins, who
 * must say which restaurant. Returns the restaurant acted on.
 */
export function restaurantActedOn(actor: Actor, requested: string | undefined): string {
  if (actor.kind === 'person' && actor.role === 'ADMIN') {
    if (!requested) throw new DomainError('INVALID_REQUEST', 'Choose the restaurant to act on.');
    return requested;
  }
  if (actor.kind === 'person' && actor.role === 'RESTAURANT_STAFF' && actor.restaurantId) {
    if (requested && requested !== actor.restaurantId) {
      throw new DomainError('FORBIDDEN', 'You can only run your own restaurant.');
    }
    return actor.restaurantId;
  }
  throw new DomainError('FORBIDDEN', 'Only restaurant staff and admins can run a kitchen.');
}
