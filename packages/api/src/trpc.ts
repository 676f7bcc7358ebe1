// The tRPC instance, built once: context, then initialisation with the error formatter, then
// the procedures every router builds on (public, protected, role).
import type { OpenApiMeta } from 'trpc-to-openapi';
import { randomUUID } from 'node:crypto';

import { getTRPCErrorFromUnknown, initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';

import type { Db, Role } from '@tiffin/db';
import type { DomainErrorCode, DomainErrorData, PaymentProvider } from '@tiffin/domain';
import type { RedisClient, TrackingHub } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import { isDatabaseUnavailable } from '@tiffin/db';
import { isDomainError, person } from '@tiffin/domain';
import { isRedisUnavailable } from '@tiffin/events';

import type { RateLimits } from './rate-limits/rate-limiters';
import type { SessionCheck } from './sessions/current-session';
import type { SessionVersionCache } from './sessions/session-version-cache';
import { endWhenRevoked } from './sessions/current-session';

// ---------------------------------------------------------------- context

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  restaurantId: string | null;
}

export interface TRPCContext {
  db: Db;
  /** Null when the request has no valid session. */
  user: SessionUser | null;
  /** Follows the request into every event it causes. */
  correlationId: string;
  /** The process's live-tracking reader; null where no subscriptions are served (callers, tests). */
  tracking: TrackingHub | null;
  /** Metrics hooks; the web app counts requests and orders through them. */
  observer?: ApiObserver;
  /** A general Redis connection (stream stats, presence); procedures that need it refuse without. */
  redis?: RedisClient | null;
  /** Where card payments go; without one, checkout takes cash only. */
  payments?: PaymentProvider | null;
  /** The deployment's NODE_ENV; unset counts as production, so rules that depend on it fail closed. */
  environment?: 'development' | 'production' | 'test';
  /** How the call arrived; unset for in-process callers (server components, tests). */
  transport?: 'http' | 'websocket';
  /** The caller's address (the socket's, or a trusted proxy's X-Forwarded-For); null when unknown. */
  clientAddress?: string | null;
  /** The abuse limits; absent (callers, most tests) means nothing is limited. */
  rateLimits?: RateLimits | null;
  /** Says whether the session `user` came from still stands; absent where none can be revoked. */
  sessionCheck?: SessionCheck | null;
  /** The process's copies of session versions; a bump drops this process's copy at once. */
  sessionVersions?: SessionVersionCache | null;
  /** The process's logger, for what procedures record (absent in callers and most tests). */
  log?: Logger | null;
  /** How `user` was identified: a browser session (the default) or an API token. */
  authMethod?: 'session' | 'token';
  /** Set when the request presented an API token that is refused: every call fails with it. */
  authRefusal?: string | null;
}

/** What a procedure may declare about itself (a type, not an interface: trpc-to-openapi needs an index signature). */
export type ProcedureMeta = {
  /**
   * Whether the WebSocket may carry this query or mutation. By default the socket carries
   * subscriptions only, so a page on another site that opens one can change nothing.
   */
  overWebSocket?: boolean;
  /** Also served as REST under /api/rest and described in /api/openapi.json (see docs/openapi.md). */
  openapi?: OpenApiMeta['openapi'];
};

/** What the API reports to the process's metrics (kept abstract so the API has no metrics library). */
export interface ApiObserver {
  procedure(info: {
    path: string;
    type: string;
    outcome: string;
    durationMs: number;
    correlationId: string;
    userId: string | null;
    /** The order the call was about, when its input or result names one. */
    orderId: string | null;
  }): void;
  orderPlaced(info: { replayed: boolean }): void;
  orderConflict(): void;
}

export function createTRPCContext(opts: TRPCContext): TRPCContext {
  return opts;
}

// ---------------------------------------------------------------- initialisation

/** Field path ("items.0.quantity") → messages, for forms to show next to the field. */
export type FieldErrors = Record<string, string[]>;

function fieldErrorsOf(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const DOMAIN_TO_TRPC: Record<DomainErrorCode, TRPCError['code']> = {
  STOCK_CONFLICT: 'CONFLICT',
  PRICE_CHANGED: 'CONFLICT',
  INVALID_ORDER: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  EMAIL_TAKEN: 'CONFLICT',
  ILLEGAL_TRANSITION: 'BAD_REQUEST',
  STALE_TRANSITION: 'CONFLICT',
  DELIVERY_TAKEN: 'CONFLICT',
  COURIER_BUSY: 'CONFLICT',
  POSITION_OUT_OF_AREA: 'BAD_REQUEST',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  ALREADY_REVIEWED: 'CONFLICT',
  ORDER_NOT_DELIVERED: 'BAD_REQUEST',
  REVIEW_WINDOW_CLOSED: 'BAD_REQUEST',
  INVALID_REQUEST: 'BAD_REQUEST',
  COUPON_INVALID: 'BAD_REQUEST',
  COUPON_EXHAUSTED: 'CONFLICT',
  QUOTE_CHANGED: 'CONFLICT',
  PAYMENT_CLOSED: 'CONFLICT',
  ACCOUNT_LINK_UNUSABLE: 'BAD_REQUEST',
  ADDRESS_LIMIT: 'BAD_REQUEST',
};

/** One id per failure, shared by the reply's message and the server's log line about it. */
const errorIds = new WeakMap<object, string>();

/** The id a client quotes for an unexpected error; the server logs its detail under it. */
export function errorIdFor(error: object): string {
  let id = errorIds.get(error);
  if (!id) {
    id = randomUUID();
    errorIds.set(error, id);
  }
  return id;
}

/** Replies a client never reads the cause of: bugs and outages, whose text is the server's own. */
function isUnexpected(error: TRPCError): boolean {
  return error.code === 'INTERNAL_SERVER_ERROR';
}

/** Messages tRPC writes itself for limits it enforces, reworded for a person. */
const TRANSPORT_MESSAGES: Partial<Record<TRPCError['code'], string>> = {
  PAYLOAD_TOO_LARGE: 'The request is too large.',
  METHOD_NOT_SUPPORTED: 'This procedure cannot be called that way.',
};

const t = initTRPC
  .context<TRPCContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zodError = error.cause instanceof ZodError ? error.cause : null;
      // `{ code, details }`, details typed by code: what clients switch on.
      const domain: DomainErrorData | null = isDomainError(error.cause) ? error.cause.data : null;
      const errorId = isUnexpected(error) ? errorIdFor(error) : null;
      let message = shape.message;
      // A person reads this: for invalid input, the first problem rather than raw zod JSON.
      if (zodError) message = zodError.issues[0]?.message ?? 'Invalid input';
      // Internal text (a driver's message, an address, a query) stays in the server's log.
      else if (errorId)
        message = `Something went wrong on our side. If it keeps happening, quote error ${errorId}.`;
      else if (error.message === error.code) message = TRANSPORT_MESSAGES[error.code] ?? message;
      return {
        ...shape,
        message,
        data: {
          ...shape.data,
          // Stack traces stay on the server.
          stack: undefined,
          errorId,
          domain,
          fieldErrors: zodError ? fieldErrorsOf(zodError) : null,
          // Shorthands of `domain` that earlier clients read; new code switches on `domain`.
          domainCode: domain?.code ?? null,
          shortLines: domain?.code === 'STOCK_CONFLICT' ? domain.details.shortLines : null,
          priceChanges: domain?.code === 'PRICE_CHANGED' ? domain.details.priceChanges : null,
        },
      };
    },
  });

/** A domain error as the typed tRPC error the client sees; anything else is returned as is. */
export function toTRPCError(error: unknown): unknown {
  if (!isDomainError(error)) return error;
  return new TRPCError({ code: DOMAIN_TO_TRPC[error.code], message: error.message, cause: error });
}

/** Maps the domain errors a subscription throws while it streams, as they arrive. */
async function* mapDomainErrors(iterable: AsyncIterable<unknown>): AsyncGenerator<unknown> {
  try {
    yield* iterable;
  } catch (error) {
    throw toTRPCError(error);
  }
}

/** An outage is not the caller's fault and passes: say so, and name no address or driver. */
function serviceUnavailable(what: 'database' | 'live services', cause: unknown): TRPCError {
  return new TRPCError({
    code: 'SERVICE_UNAVAILABLE',
    message: `We cannot reach our ${what} right now. Please try again in a moment.`,
    cause,
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** A failure the caller should see as typed: a domain error, or an outage named as such. */
function typedFailure(error: TRPCError): TRPCError | null {
  const cause = error.cause;
  if (isDomainError(cause)) return toTRPCError(cause) as TRPCError;
  if (isDatabaseUnavailable(cause)) return serviceUnavailable('database', cause);
  if (isRedisUnavailable(cause)) return serviceUnavailable('live services', cause);
  return null;
}

// ---------------------------------------------------------------- procedures

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every call's rules, in one middleware because each tRPC middleware level copies the call's
 * options and context (it profiled as a visible share of a checkout's web CPU), in this order:
 * - times the call and reports its outcome (the tRPC error code, or "ok");
 * - the WebSocket carries subscriptions, and only the queries and mutations that opt in;
 * - a revoked session (signed out, password changed, role changed, account disabled) counts as
 *   no session, and a live subscription of one ends with UNAUTHORIZED once its recheck sees it;
 * - domain errors become typed tRPC errors and outages SERVICE_UNAVAILABLE; anything else stays
 *   a 500 and is logged. A subscription's errors come while it is iterated, so its stream is
 *   wrapped.
 */
const callRules = t.middleware(async ({ ctx, path, type, meta, next, getRawInput }) => {
  const started = performance.now();
  const observe = async (outcome: string, output: unknown) => {
    if (!ctx.observer) return;
    const input = (await getRawInput().catch(() => null)) as { orderId?: unknown } | null;
    const orderId = [input?.orderId, (output as { orderId?: unknown } | null)?.orderId].find(
      (id) => typeof id === 'string',
    );
    ctx.observer.procedure({
      path,
      type,
      outcome,
      durationMs: performance.now() - started,
      correlationId: ctx.correlationId,
      userId: ctx.user?.id ?? null,
      orderId: typeof orderId === 'string' ? orderId : null,
    });
  };
  try {
    if (ctx.transport === 'websocket' && type !== 'subscription' && meta?.overWebSocket !== true) {
      throw new TRPCError({
        code: 'METHOD_NOT_SUPPORTED',
        message:
          'The live connection carries updates only; send this request over HTTP (/api/trpc).',
      });
    }
    let result: Awaited<ReturnType<typeof next>>;
    try {
      result = await nextInSession(ctx, type, next);
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      throw typedFailure(error) ?? error;
    }
    if (!result.ok) {
      const typed = typedFailure(result.error);
      if (typed) throw typed;
      await observe(result.error.code, null);
      return result;
    }
    await observe('ok', result.data);
    if (type === 'subscription' && isAsyncIterable(result.data)) {
      return { ...result, data: mapDomainErrors(result.data) };
    }
    return result;
  } catch (cause) {
    await observe(getTRPCErrorFromUnknown(cause).code, null);
    throw cause;
  }
});

/** The rest of the call, signed out if the session no longer stands. */
async function nextInSession<TResult extends { ok: boolean; data?: unknown }>(
  ctx: TRPCContext,
  type: string,
  next: (opts?: { ctx: Partial<TRPCContext> }) => Promise<TResult>,
): Promise<TResult> {
  // A bad token is a mistake to report, not a reason to carry on signed out.
  if (ctx.authRefusal) throw new TRPCError({ code: 'UNAUTHORIZED', message: ctx.authRefusal });
  if (!ctx.user || !ctx.sessionCheck) return next();
  if (!(await ctx.sessionCheck.stands())) return next({ ctx: { user: null } });
  const result = await next();
  if (result.ok && type === 'subscription' && isAsyncIterable(result.data)) {
    return { ...result, data: endWhenRevoked(result.data, ctx.sessionCheck) };
  }
  return result;
}

export const publicProcedure = t.procedure.use(callRules);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Signed in, with the caller as the domain's Actor (the account's role as the session says). */
export const actorProcedure = protectedProcedure.use(({ ctx, next }) =>
  next({ ctx: { ...ctx, actor: person(ctx.user) } }),
);

/**
 * For consoles: the caller's role and restaurant are read afresh from the database, so an admin's
 * change applies at the next request rather than at the next sign-in; only the listed roles get
 * through. The domain checks each step again against the order itself.
 */
export function roleProcedure(roles: readonly Role[], refusal: string) {
  return protectedProcedure.use(async ({ ctx, next }) => {
    const current = await ctx.db.user.findUnique({
      where: { id: ctx.user.id },
      select: { role: true, restaurantId: true },
    });
    if (!current || !roles.includes(current.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: refusal });
    }
    const user = { ...ctx.user, role: current.role, restaurantId: current.restaurantId };
    return next({ ctx: { ...ctx, user, actor: person(user) } });
  });
}

/** For procedures that need Redis: a process built without it is misconfigured, not the caller. */
export const requireRedis = t.middleware(({ ctx, next }) => {
  if (!ctx.redis) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'No Redis connection.' });
  }
  return next({ ctx: { redis: ctx.redis } });
});

/** For subscriptions: live updates need the process's tracking reader. */
export const requireTracking = t.middleware(({ ctx, next }) => {
  if (!ctx.tracking) {
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Live updates are not available here.',
    });
  }
  return next({ ctx: { tracking: ctx.tracking } });
});
