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
export type { NotificationMessage } from './tracking/notifications-live';
