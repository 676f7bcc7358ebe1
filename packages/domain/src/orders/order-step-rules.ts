// Which status each step of an order moves it from and to, and which steps need a reason.
// Pure data, shared with the consoles, so a button shows only where its step can be taken.
import type { OrderStatus } from '@tiffin/db/enums';

import type { LifecycleStep } from '../authority/step-authority';

export type OrderStep = Extract<
  LifecycleStep,
  'accept' | 'reject' | 'startPreparing' | 'markReady' | 'cancel' | 'expireAcceptance'
>;

/** The reason the acceptance timeout gives the customer. */
export const ACCEPTANCE_TIMEOUT_REASON = 'the restaurant did not respond';

interface StepRule {
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
