// Which simulator step an e2e hold stops: the one that leaves the held point of the customer's
// timeline (see @tiffin/events simulator-holds). The order's own last step, to delivered, is the
// delivery consumer's answer to the delivery arriving, so a hold at on_the_way stops the ride.
import type { Redis } from 'ioredis';

import type { HoldPoint } from '@tiffin/events';
import { heldAt } from '@tiffin/events';

import type { SimulatedStep } from './simulator';

/** How soon a held step is looked at again, so a release takes effect within about this long. */
export const HELD_STEP_RECHECK_MS = 200;

/** The timeline point this step leaves; null for steps no hold can stop. */
export function pointLeftBy(step: SimulatedStep): HoldPoint | null {
  if (step.kind === 'delivery') {
    if (step.from === 'waiting') return 'out_for_delivery';
    return step.from === 'on_the_way' ? 'on_the_way' : null;
  }
  switch (step.from) {
    case 'created':
    case 'confirmed':
    case 'preparing':
      return step.from;
    default:
      return null;
  }
}

/** One GET per due step: cheap enough to ask every time rather than only in test stacks. */
export async function isStepHeld(redis: Redis, step: SimulatedStep): Promise<boolean> {
  const point = pointLeftBy(step);
  return point !== null && (await heldAt(redis, step.orderId)) === point;
}
