// The abuse limits for benchmarks: a load generator is one address signing in hundreds of
// customers and ordering hundreds of times a minute each, so every limit is raised out of its way
// (the limits' own cost, a Redis round trip per call, is still measured).
export const BENCH_RATE_LIMITS: Record<string, string> = {
  SIGNIN_FAILURES_PER_ACCOUNT: '100000',
  AUTH_REQUESTS_PER_IP_PER_MINUTE: '100000',
  SIGNUPS_PER_IP_PER_HOUR: '100000',
  ORDERS_PER_USER_PER_MINUTE: '100000',
};
