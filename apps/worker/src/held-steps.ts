// Which autopilot task an e2e hold stops: the one that leaves the held point of the customer's
// timeline (see @tiffin/events simulator-holds). The order's own last step, to delivered, is the
// delivery consumer's answer to the delivery arriving, so a hold at on_the_way stops the ride.
import type { HoldPoint, RedisClient } from '@tiffin/events';
import { heldAt } from '@tiffin/events';

import type { TimerTask } from './timer-tasks';

/** How soon a held step is looked at again, so a release takes effect within about this long. */
export const HELD_STEP_RECHECK_MS = 200;

const LEFT_BY_STEP = {
  accept: 'created',
  startPreparing: 'confirmed',
  markReady: 'preparing',
  pickUp: 'ready_for_pickup',
} as const satisfies Record<string, HoldPoint>;

/** The timeline point this task leaves; null for tasks no hold can stop. */
export function pointLeftBy(task: TimerTask): HoldPoint | null {
  if (task.kind === 'autopilot-step') return LEFT_BY_STEP[task.step];
  if (task.kind === 'ride') return 'on_the_way';
  return null;
}

/** One GET per due task: cheap enough to ask every time rather than only in test stacks. */
export async function isTaskHeld(redis: RedisClient, task: TimerTask): Promise<boolean> {
  const point = pointLeftBy(task);
  return point !== null && (await heldAt(redis, task.orderId)) === point;
}
