// The retry policy of the consumer-group runner, on its own and free of Redis: how many times a
// message is tried, how long to wait between tries, and when it goes to the dead letters.

export const RETRY_DEFAULTS = {
  /** Tries before a message is dead-lettered (failed handler runs and abandoned deliveries alike). */
  maxAttempts: 5,
  /** A message pending this long is taken to be abandoned (its consumer died or hung) and reclaimed. */
  claimIdleMs: 30_000,
} as const;

/** Exponential from 100 ms, doubling per failed attempt, capped at 5 s. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 5_000);
}

export interface RetryPolicy {
  maxAttempts: number;
  backoffMs: (attempt: number) => number;
}

export type RetryDecision = { action: 'retry'; retryInMs: number } | { action: 'dead_letter' };

/** After `failedAttempts` failures in all: try again after a pause, or give up. */
export function afterFailure(failedAttempts: number, policy: RetryPolicy): RetryDecision {
  if (failedAttempts >= policy.maxAttempts) return { action: 'dead_letter' };
  return { action: 'retry', retryInMs: policy.backoffMs(failedAttempts) };
}

/** A message delivered `previousAttempts` times already without an ack has used up its tries. */
export function isExhausted(previousAttempts: number, policy: Pick<RetryPolicy, 'maxAttempts'>) {
  return previousAttempts >= policy.maxAttempts;
}
