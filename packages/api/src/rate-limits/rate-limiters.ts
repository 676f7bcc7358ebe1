// The limiters of RATE_LIMIT_POLICY on Redis (rate-limiter-flexible), so every web process counts
// against the same totals. A limiter whose Redis is unreachable either refuses or, for browsing
// and ordering, falls back to counting in this process's memory.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

import type { RedisClient } from '@tiffin/events';
import { rateLimitKeyPrefix } from '@tiffin/events';

import type { RateLimitName, RateLimitSettings } from './rate-limit-policy';
import {
  RATE_LIMIT_POLICY,
  STORE_TIMEOUT_MS,
  UNAVAILABLE_RETRY_AFTER_MS,
} from './rate-limit-policy';

export type LimitOutcome =
  { allowed: true } | { allowed: false; reason: 'limited' | 'unavailable'; retryAfterMs: number };

export interface RateLimits {
  readonly settings: RateLimitSettings;
  /** Counts one request of `subject` (an address, an account, a user id) against the limit. */
  consume(name: RateLimitName, subject: string): Promise<LimitOutcome>;
  /** Forgets `subject`'s count (a successful sign-in clears its failures). */
  reset(name: RateLimitName, subject: string): Promise<void>;
}

class StoreTimeout extends Error {}

/** ioredis states in which a command would only wait in the offline queue. */
const DOWN_STATUSES = new Set(['reconnecting', 'close', 'end']);

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreTimeout('rate limit store timed out')),
      STORE_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createRateLimits(redis: RedisClient, settings: RateLimitSettings): RateLimits {
  const limiters = new Map<RateLimitName, RateLimiterRedis>();
  const fallbacks = new Map<RateLimitName, RateLimiterMemory>();
  for (const [name, rule] of Object.entries(RATE_LIMIT_POLICY) as [
    RateLimitName,
    (typeof RATE_LIMIT_POLICY)[RateLimitName],
  ][]) {
    const points = rule.points(settings);
    limiters.set(
      name,
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: rateLimitKeyPrefix(rule.keyName),
        points,
        duration: rule.windowSeconds,
      }),
    );
    if (rule.whenStoreDown === 'allow') {
      fallbacks.set(name, new RateLimiterMemory({ points, duration: rule.windowSeconds }));
    }
  }

  async function consumeIn(
    limiter: RateLimiterRedis | RateLimiterMemory,
    subject: string,
  ): Promise<LimitOutcome> {
    try {
      await withTimeout(limiter.consume(subject));
      return { allowed: true };
    } catch (error) {
      // rate-limiter-flexible rejects with a RateLimiterRes when the limit is reached.
      if (error instanceof RateLimiterRes) {
        return { allowed: false, reason: 'limited', retryAfterMs: error.msBeforeNext };
      }
      throw error;
    }
  }

  return {
    settings,
    async consume(name, subject) {
      try {
        // A connection already known to be down is not waited for.
        if (DOWN_STATUSES.has(redis.status)) throw new Error(`Redis is ${redis.status}`);
        return await consumeIn(limiters.get(name)!, subject);
      } catch {
        // Redis refused, dropped or did not answer in time.
        const fallback = fallbacks.get(name);
        if (fallback) return consumeIn(fallback, subject);
        return { allowed: false, reason: 'unavailable', retryAfterMs: UNAVAILABLE_RETRY_AFTER_MS };
      }
    },
    async reset(name, subject) {
      await withTimeout(limiters.get(name)!.delete(subject)).catch(() => undefined);
      await fallbacks.get(name)?.delete(subject);
    },
  };
}
