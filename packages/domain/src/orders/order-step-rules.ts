// Which status each order step starts from and leads to, as a table: pure, so the consoles in the
// browser show exactly the buttons the server accepts (order-steps.ts takes the steps).
import type { OrderStatus } from '@tiffin/db/enums';

import type { LifecycleStep } from '../authority/step-authority';

export type OrderStep = Extract<
  LifecycleStep,
  'accept' | 'reject' | 'startPreparing' | 'markReady' | 'cancel' | 'expireAcceptance'
>;

/** The reason the acceptance timeout gives the customer. */
export const ACCEPTANCE_TIMEOUT_REASON = 'the restaurant did not respond';

export interface StepRule {
  from: readonly OrderStatus[];
  to: OrderStatus;
  /** Refusals that people write themselves must say why. */
  needsReason: boolean;
}

export const ORDER_STEPS: Readonly<Record<OrderStep, StepRule>> = {
  accept: { from: ['created'], to: 'confirmed', needsReason: false },
  reject: { from: ['created'], to: 'cancelled', needsReason: true },
  startPreparing: { from: ['confirmed'], to: 'preparing', needsReason: false },
  markReady: { from: ['preparing'], to: 'ready_for_pickup', needsReason: false },
  cancel: { from: ['created'], to: 'cancelled', needsReason: false },
  expireAcceptance: { from: ['created'], to: 'cancelled', needsReason: false },
};

/** An admin may also cancel an accepted order (its delivery is cancelled with it). */
export const ADMIN_CANCELLABLE: readonly OrderStatus[] = ['created', 'confirmed'];
