// For the API's integration tests: calls through tRPC's real fetch handler (so the error formatter
// shapes every reply as a client sees it), a reader for subscriptions that can also tell that
// nothing more came, and the worker's tracking projection run by hand over the outbox. Not
// exported by the package: tests import it by path.
import type { AnyTRPCRouter } from '@trpc/server';
import { randomUUID } from 'node:crypto';

import { isTrackedEnvelope } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';

import type { Db } from '@tiffin/db';
import type { RedisClient, TrackingHub } from '@tiffin/events';
import { envelopeFromOutboxRow } from '@tiffin/domain';
import { projectForTracking } from '@tiffin/events';

import type { SessionUser, TRPCContext } from '../trpc';
import { retryAfterHeaderFor } from '../rate-limits/rate-limited';

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  data?: T;
  error?: {
    message: string;
    data: {
      code: string;
      httpStatus: number;
      domain: { code: string; details: unknown } | null;
      fieldErrors: Record<string, string[]> | null;
    };
  };
}

export interface CallContext extends Partial<
  Pick<TRPCContext, 'clientAddress' | 'rateLimits' | 'sessionCheck' | 'log'>
> {
  db: Db;
  redis?: RedisClient | null;
  tracking?: TrackingHub | null;
}

/**
 * superjson's encoding; a value it refuses (an own `__proto__` key) goes as plain JSON, the way a
 * hostile client would send it anyway.
 */
function encodeLikeAnyClient(input: unknown): unknown {
  try {
    return superjson.serialize(input);
  } catch {
    return { json: input };
  }
}

/** One call as a browser sends it: a GET for queries, a POST for mutations. */
export async function call<T = unknown>(
  router: AnyTRPCRouter,
  context: CallContext,
  path: string,
  input: unknown,
  user: SessionUser | null,
): Promise<Reply<T>> {
  const procedures = router._def.procedures as Record<string, { _def: { type: string } }>;
  const type = procedures[path]?._def.type ?? 'mutation';
  const encoded = JSON.stringify(encodeLikeAnyClient(input));
  const req =
    type === 'query'
      ? new Request(`http://test/api/trpc/${path}?input=${encodeURIComponent(encoded)}`)
      : new Request(`http://test/api/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: encoded,
        });
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    router,
    req,
    createContext: (): TRPCContext => ({
      ...context,
      user,
      correlationId: randomUUID(),
      tracking: context.tracking ?? null,
      redis: context.redis ?? null,
    }),
    // As the web's HTTP handler does: a refusal by an abuse limit says when to come back.
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaderFor(errors) }),
  });
  const body = (await response.json()) as {
    result?: { data: { json: unknown; meta?: object } };
    error?: { json: Reply<T>['error'] };
  };
  return {
    status: response.status,
    headers: response.headers,
    ...(body.result ? { data: superjson.deserialize<T>(body.result.data as never) } : {}),
    ...(body.error ? { error: body.error.json } : {}),
  };
}

export interface Received<T> {
  /** The id a client resumes from; null for untracked messages. */
  id: string | null;
  data: T;
}

/**
 * Opens a subscription (`start` gets the signal that ends it, as the WS adapter's is) and reads its
 * messages one at a time. A read that times out keeps its pending next(), so the message it was
 * waiting for is the next one returned, never lost.
 */
export async function openSubscription<T>(
  start: (signal: AbortSignal) => Promise<AsyncIterable<unknown>>,
) {
  const abort = new AbortController();
  const iterator = (await start(abort.signal))[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<unknown>> | undefined;
  const timeout = (ms: number) =>
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));
  const unwrap = (value: unknown): Received<T> =>
    isTrackedEnvelope<T>(value) ? { id: value[0], data: value[1] } : { id: null, data: value as T };
  const read = async (ms: number): Promise<IteratorResult<unknown> | 'timeout'> => {
    pending ??= iterator.next();
    const result = await Promise.race([pending, timeout(ms)]);
    if (result !== 'timeout') pending = undefined;
    return result;
  };
  return {
    /** The next message; fails when none comes within `ms` or the subscription ends. */
    async next(ms = 5_000): Promise<Received<T>> {
      const result = await read(ms);
      if (result === 'timeout') throw new Error(`no message within ${ms} ms`);
      if (result.done) throw new Error('the subscription ended');
      return unwrap(result.value);
    },
    /** The next `count` messages. */
    async take(count: number, ms = 5_000): Promise<Received<T>[]> {
      const out: Received<T>[] = [];
      for (let i = 0; i < count; i++) out.push(await this.next(ms));
      return out;
    },
    /** True when nothing arrives within `ms` (the subscription still open). */
    async quietFor(ms: number): Promise<boolean> {
      return (await read(ms)) === 'timeout';
    },
    /** True once the subscription ended by itself within `ms`. */
    async endsWithin(ms: number): Promise<boolean> {
      const result = await read(ms);
      return result !== 'timeout' && result.done === true;
    },
    /** The client leaves: the server's generator ends and lets go of its listeners. */
    async close(): Promise<void> {
      abort.abort();
      if (pending) await pending.catch(() => undefined);
      else await iterator.return?.();
    },
  };
}

/**
 * What the worker's relay and tracking consumer do, by hand: projects every outbox row written
 * since the last call, oldest first, so a test picks the moment events reach live subscribers.
 */
export function trackingProjector(db: Db, redis: RedisClient) {
  let lastSeq = 0n;
  return async (): Promise<number> => {
    const rows = await db.outboxEvent.findMany({
      where: { seq: { gt: lastSeq } },
      orderBy: { seq: 'asc' },
    });
    for (const row of rows) {
      await projectForTracking(redis, envelopeFromOutboxRow(row));
      lastSeq = row.seq;
    }
    return rows.length;
  };
}
