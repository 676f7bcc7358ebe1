// The web process's abuse limiters, on its general Redis connection, with the limits from env.
import type { RateLimits } from '@tiffin/api';
import { createRateLimits } from '@tiffin/api';

import { getEnv } from '../env';
import { processSingleton } from './process-singleton';
import { getRedis } from './redis';

const limits = processSingleton('rateLimits', () => {
  const env = getEnv();
  return createRateLimits(getRedis(), {
    signInFailuresPerAccount: env.SIGNIN_FAILURES_PER_ACCOUNT,
    authRequestsPerIpPerMinute: env.AUTH_REQUESTS_PER_IP_PER_MINUTE,
    signUpsPerIpPerHour: env.SIGNUPS_PER_IP_PER_HOUR,
    ordersPerUserPerMinute: env.ORDERS_PER_USER_PER_MINUTE,
  });
});

export function getRateLimits(): RateLimits {
  return limits.get();
}
