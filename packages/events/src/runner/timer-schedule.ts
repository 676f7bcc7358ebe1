// Moving a durable timer that is already scheduled: the QA fixtures bring an acceptance timeout
// or a dispatch fallback forward to now, so a test need not wait minutes for it. The worker's
// timers fire it as usual from there.
import type { RedisClient } from '../redis-client';
import { timerKeysFor } from '../contract/keys';

/**
 * Makes a scheduled timer due at `dueAt`. False when no such timer is waiting (it already fired,
 * is firing right now, or was never scheduled).
 */
export async function rescheduleTimer(
  redis: RedisClient,
  timerId: string,
  dueAt: number,
): Promise<boolean> {
  const changed = await redis.zadd(timerKeysFor(timerId).due, 'XX', 'CH', dueAt, timerId);
  return changed === 1;
}

/** When each timer is due (ms since the epoch), or null for one not waiting, in the order asked. */
export async function timerDueTimes(
  redis: RedisClient,
  timerIds: readonly string[],
): Promise<(number | null)[]> {
  if (timerIds.length === 0) return [];
  // One ZSCORE each: timers sit in the partition their id hashes to.
  const scores = await Promise.all(timerIds.map((id) => redis.zscore(timerKeysFor(id).due, id)));
  return scores.map((score) => (score === null ? null : Number(score)));
}
