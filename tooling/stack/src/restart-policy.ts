// When `npm start` restarts a crashed web or worker, and when it gives up: a pure function from
// the crash history to a decision, so the policy is readable and tested without processes.

export interface RestartPolicy {
  /** This many crashes within `windowMs` means a crash loop: stop restarting. */
  maxCrashes: number;
  windowMs: number;
  /** The wait before the first restart; it doubles with each recent crash, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/** 1 s, 2 s, 4 s, 8 s, then a fifth crash within a minute gives up. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxCrashes: 5,
  windowMs: 60_000,
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
};

export type RestartDecision =
  | { action: 'restart'; delayMs: number; recentCrashes: number }
  | { action: 'give_up'; recentCrashes: number };

/**
 * `crashTimes` holds every crash so far, the one just seen included. Only crashes within the
 * window count, so a process that crashes now and then, long apart, is always restarted quickly.
 */
export function decideRestart(
  crashTimes: readonly number[],
  now: number,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): RestartDecision {
  const recentCrashes = crashTimes.filter((at) => now - at < policy.windowMs).length;
  if (recentCrashes >= policy.maxCrashes) return { action: 'give_up', recentCrashes };
  const delayMs = Math.min(
    policy.firstDelayMs * 2 ** Math.max(0, recentCrashes - 1),
    policy.maxDelayMs,
  );
  return { action: 'restart', delayMs, recentCrashes };
}
