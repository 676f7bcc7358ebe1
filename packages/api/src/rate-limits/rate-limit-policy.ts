// The abuse limits, in one place: what each limiter counts, over which window, how many it allows
// by default, and what happens while Redis (where the counts live) cannot be reached.

/** The limits an operator can set (each app's env.ts reads them; see `.env.example`). */
export interface RateLimitSettings {
  /** Sign-in attempts per account and client address in SIGN_IN_WINDOW_SECONDS. */
  signInFailuresPerAccount: number;
  /** Sign-in, sign-out, sign-up and password-change requests per client address per minute. */
  authRequestsPerIpPerMinute: number;
  /** New accounts per client address per hour. */
  signUpsPerIpPerHour: number;
  /** Orders placed per signed-in user per minute. */
  ordersPerUserPerMinute: number;
}

export const RATE_LIMIT_DEFAULTS: RateLimitSettings = {
  signInFailuresPerAccount: 10,
  authRequestsPerIpPerMinute: 30,
  signUpsPerIpPerHour: 10,
  ordersPerUserPerMinute: 10,
};

/** A lockout of one account from one address lasts at most this long. */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** How long a caller is asked to wait when a limit cannot be checked (Redis unreachable). */
export const UNAVAILABLE_RETRY_AFTER_MS = 5_000;

/** How long a limiter waits for Redis before it counts Redis as down. */
export const STORE_TIMEOUT_MS = 1_500;

export type RateLimitName =
  | 'signInAttempts'
  | 'authRequests'
  | 'signUps'
  | 'orders'
  | 'passwordResets'
  | 'verificationResends'
  | 'tokenCreations';

/** Reset mails one email address can be sent per hour, however many people ask. */
export const PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 3;

/** Verification mails one account can ask to be re-sent per hour. */
export const VERIFICATION_RESENDS_PER_USER_PER_HOUR = 3;

/** API tokens one person may create per hour: plenty for people, a wall for a runaway script. */
export const TOKEN_CREATIONS_PER_USER_PER_HOUR = 10;

export interface RateLimitRule {
  /** Names the limiter's Redis keys. */
  keyName: string;
  points: (settings: RateLimitSettings) => number;
  windowSeconds: number;
  /**
   * `refuse`: without Redis nobody gets through (credential guessing must stay bounded);
   * `allow`: each web process keeps counting in memory, so browsing and ordering carry on.
   */
  whenStoreDown: 'refuse' | 'allow';
  /** Finishes "Too many …" in the message a refused caller reads. */
  what: string;
}

export const RATE_LIMIT_POLICY: Record<RateLimitName, RateLimitRule> = {
  signInAttempts: {
    keyName: 'sign-in',
    points: (s) => s.signInFailuresPerAccount,
    windowSeconds: SIGN_IN_WINDOW_SECONDS,
    whenStoreDown: 'refuse',
    what: 'sign-in attempts for this account',
  },
  authRequests: {
    keyName: 'auth',
    points: (s) => s.authRequestsPerIpPerMinute,
    windowSeconds: 60,
    whenStoreDown: 'allow',
    what: 'sign-in and sign-up requests from your network',
  },
  signUps: {
    keyName: 'sign-up',
    points: (s) => s.signUpsPerIpPerHour,
    windowSeconds: 60 * 60,
    whenStoreDown: 'refuse',
    what: 'new accounts from your network',
  },
  orders: {
    keyName: 'order',
    points: (s) => s.ordersPerUserPerMinute,
    windowSeconds: 60,
    whenStoreDown: 'allow',
    what: 'orders in a minute',
  },
  passwordResets: {
    keyName: 'password-reset',
    points: () => PASSWORD_RESETS_PER_EMAIL_PER_HOUR,
    windowSeconds: 60 * 60,
    // Each allowed request mails someone: without Redis, refuse rather than let a mailbox be flooded.
    whenStoreDown: 'refuse',
    what: 'password reset requests for this email',
  },
  verificationResends: {
    keyName: 'verification-resend',
    points: () => VERIFICATION_RESENDS_PER_USER_PER_HOUR,
    windowSeconds: 60 * 60,
    whenStoreDown: 'refuse',
    what: 'verification emails',
  },
  tokenCreations: {
    keyName: 'api-token',
    points: () => TOKEN_CREATIONS_PER_USER_PER_HOUR,
    windowSeconds: 60 * 60,
    whenStoreDown: 'refuse',
    what: 'new API tokens in an hour',
  },
};

/** "42 seconds", "3 minutes": how long to wait, rounded up, for people to read. */
export function waitPhrase(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** The message a refused caller reads. */
export function limitedMessage(name: RateLimitName, retryAfterMs: number): string {
  return `Too many ${RATE_LIMIT_POLICY[name].what}. Try again in ${waitPhrase(retryAfterMs)}.`;
}

export const UNAVAILABLE_MESSAGE = 'We can’t take this request just now. Try again shortly.';
