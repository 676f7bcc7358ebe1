import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from './root';

export { appRouter } from './root';
export type { AppRouter } from './root';
export { createCallerFactory, createTRPCContext, errorIdFor } from './trpc';
export type { ApiObserver, FieldErrors, ProcedureMeta, SessionUser, TRPCContext } from './trpc';

/** Inputs of every procedure, e.g. `RouterInputs['order']['place']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, e.g. `RouterOutputs['menu']['list']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type {
  DeliveryCreatedMessage,
  DeliveryStatusMessage,
  OrderSnapshot,
  OrderStatusMessage,
  StockChangedMessage,
  TrackedDelivery,
  TrackedHistoryStep,
  TrackingMessage,
} from './tracking/tracking-messages';

export {
  limitedMessage,
  RATE_LIMIT_DEFAULTS,
  RATE_LIMIT_POLICY,
  SIGN_IN_WINDOW_SECONDS,
  TOKEN_CREATIONS_PER_USER_PER_HOUR,
  UNAVAILABLE_MESSAGE,
} from './rate-limits/rate-limit-policy';
export type { RateLimitName, RateLimitSettings } from './rate-limits/rate-limit-policy';
export { createRateLimits } from './rate-limits/rate-limiters';
export type { LimitOutcome, RateLimits } from './rate-limits/rate-limiters';
export { retryAfterHeaderFor, retryAfterSeconds } from './rate-limits/rate-limited';
export {
  currentSessionVersion,
  rememberSessionVersion,
  sessionCheckFor,
  SUBSCRIPTION_RECHECK_MS,
} from './sessions/current-session';
export type { SessionCheck } from './sessions/current-session';
export { SessionVersionCache } from './sessions/session-version-cache';
export type { NotificationMessage } from './tracking/notifications-live';
export { openApiDocument, REST_BASE_PATH } from './openapi/openapi-document';
export {
  bearerTokenFrom,
  forgetToken,
  TOKEN_CACHE_MS,
  tokenSession,
} from './sessions/api-token-session';
export type { TokenSession } from './sessions/api-token-session';
