// Whether a signed-in request's session still stands. Sessions are JWTs stamped with the account's
// session version at sign-in; the current version is read from PostgreSQL and cached briefly in
// Redis (and in each web process's memory, session-version-cache.ts), and whoever bumps it
// overwrites the cache and announces it, so a revocation applies on the next request on every web
// process. A live subscription rechecks on a timer and ends when revoked.
import { TRPCError } from '@trpc/server';

import type { Db } from '@tiffin/db';
import type { RedisClient } from '@tiffin/events';
import { sessionStanding } from '@tiffin/domain';
import { SESSION_VERSION_BUMPS_CHANNEL, sessionVersionKey } from '@tiffin/events';

import type { SessionVersionCache } from './session-version-cache';

/** How long a cached session version is trusted; a bump overwrites it at once. */
export const SESSION_VERSION_CACHE_SECONDS = 60;
/** How often a live subscription checks that its session still stands. */
export const SUBSCRIPTION_RECHECK_MS = 5_000;
/** Within one connection, answers are reused this long (a burst of calls costs one lookup). */
const MEMO_MS = 1_000;
/** Cached for a disabled or deleted account: no session version matches it. */
const NO_SESSION = -1;

export interface SessionCheck {
  /** True while the session is current (not signed out, not superseded, account enabled). */
  stands(): Promise<boolean>;
  /** How often a live subscription calls `stands`. */
  recheckMs: number;
}

/** Redis is worth asking (connected, or about to connect on first use); otherwise read PostgreSQL. */
function usable(redis: RedisClient | null | undefined): redis is RedisClient {
  return !!redis && (redis.status === 'ready' || redis.status === 'wait');
}

/**
 * The account's current session version, or NO_SESSION for a disabled or missing account. With
 * `local`, the process's own copy answers while its subscription to bumps is live.
 */
export async function currentSessionVersion(
  db: Db,
  redis: RedisClient | null | undefined,
  userId: string,
  local?: SessionVersionCache | null,
): Promise<number> {
  const read = () => storedSessionVersion(db, redis, userId);
  return local ? local.versionOf(userId, read) : read();
}

/** The version as Redis has it cached, else as PostgreSQL has it (cached for the next reader). */
async function storedSessionVersion(
  db: Db,
  redis: RedisClient | null | undefined,
  userId: string,
): Promise<number> {
  const key = sessionVersionKey(userId);
  if (usable(redis)) {
    const cached = await redis.get(key).catch(() => null);
    if (cached !== null) return Number(cached);
  }
  const standing = await sessionStanding(db, userId);
  const version = standing && !standing.disabled ? standing.version : NO_SESSION;
  // NX: a bump that lands between our read and this write has already stored the newer value.
  if (usable(redis)) {
    await redis
      .set(key, String(version), 'EX', SESSION_VERSION_CACHE_SECONDS, 'NX')
      .catch(() => undefined);
  }
  return version;
}

/**
 * After a bump is committed: every process sees the new version from now on. This process drops
 * its own copy at once; the others when the bump's message reaches them.
 */
export async function rememberSessionVersion(
  redis: RedisClient | null | undefined,
  userId: string,
  version: number,
  disabled = false,
  local?: SessionVersionCache | null,
): Promise<void> {
  local?.drop(userId);
  if (!redis) return;
  await redis
    .set(
      sessionVersionKey(userId),
      String(disabled ? NO_SESSION : version),
      'EX',
      SESSION_VERSION_CACHE_SECONDS,
    )
    .catch(() => undefined);
  // Again once Redis has the new version: a read begun before the write may still be in flight.
  local?.drop(userId);
  await redis.publish(SESSION_VERSION_BUMPS_CHANNEL, userId).catch(() => undefined);
}

/** Per database (tests run several), then per user: the read asked first in this turn. */
const readsThisTurn = new WeakMap<Db, Map<string, Promise<number>>>();

/**
 * The session version, read once for every check of the same account asked in the same turn of
 * the event loop: a customer's many sockets, rechecked together, cost one lookup, not one each.
 */
function sharedSessionVersion(
  db: Db,
  redis: RedisClient | null | undefined,
  userId: string,
  local: SessionVersionCache | null | undefined,
): Promise<number> {
  let reads = readsThisTurn.get(db);
  if (!reads) readsThisTurn.set(db, (reads = new Map<string, Promise<number>>()));
  const known = reads.get(userId);
  if (known) return known;
  const read = currentSessionVersion(db, redis, userId, local);
  // Forgotten once this turn's I/O is done: a later check reads afresh.
  if (reads.size === 0) setImmediate(() => reads.clear());
  reads.set(userId, read);
  return read;
}

/** The check for a session of `userId` signed in at `version`. */
export function sessionCheckFor(
  db: Db,
  redis: RedisClient | null | undefined,
  userId: string,
  version: number,
  local?: SessionVersionCache | null,
): SessionCheck {
  let memo: { at: number; stands: Promise<boolean> } | undefined;
  return {
    recheckMs: SUBSCRIPTION_RECHECK_MS,
    stands() {
      const now = Date.now();
      if (!memo || now - memo.at > MEMO_MS) {
        memo = {
          at: now,
          stands: sharedSessionVersion(db, redis, userId, local).then(
            (current) => current === version,
          ),
        };
      }
      return memo.stands;
    },
  };
}

/** Every live subscription's recheck, on one interval per period rather than one timer each. */
const rechecks = new Map<number, { timer: NodeJS.Timeout; runs: Set<() => void> }>();

/** Runs `recheck` every `periodMs` (the first time within one period) until the returned stop. */
function everyRecheck(periodMs: number, recheck: () => void): () => void {
  let group = rechecks.get(periodMs);
  if (!group) {
    const runs = new Set<() => void>();
    const timer = setInterval(() => {
      for (const run of runs) run();
    }, periodMs);
    // A recheck alone does not keep the process alive; the connections it serves do.
    timer.unref();
    group = { timer, runs };
    rechecks.set(periodMs, group);
  }
  const { runs, timer } = group;
  runs.add(recheck);
  return () => {
    runs.delete(recheck);
    if (runs.size > 0 || rechecks.get(periodMs)?.timer !== timer) return;
    clearInterval(timer);
    rechecks.delete(periodMs);
  };
}

export function sessionEndedError(): TRPCError {
  return new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has ended. Sign in again.' });
}

/**
 * Passes a subscription's messages through, checking the session every `recheckMs` (also while
 * no message comes); once it is revoked, the subscription ends with UNAUTHORIZED.
 */
export async function* endWhenRevoked(
  iterable: AsyncIterable<unknown>,
  check: SessionCheck,
): AsyncGenerator<unknown> {
  const iterator = iterable[Symbol.asyncIterator]();
  // The wait for the next message; a recheck that finds the session gone ends it early. Racing
  // each recheck against the same pending message instead left one reaction on it per recheck
  // for as long as no message came: an idle subscription's memory grew every few seconds.
  let waiting: { reject: (error: unknown) => void } | undefined;
  let ended: { error: unknown } | undefined;
  const end = (error: unknown) => {
    ended ??= { error };
    waiting?.reject(error);
  };
  let checking = false;
  const stopRechecks = everyRecheck(check.recheckMs, () => {
    if (checking) return;
    checking = true;
    check
      .stands()
      .then(
        (stands) => (stands ? undefined : end(sessionEndedError())),
        (error: unknown) => end(error),
      )
      .finally(() => (checking = false));
  });
  try {
    for (;;) {
      if (ended) throw ended.error;
      const result = await new Promise<IteratorResult<unknown>>((resolve, reject) => {
        waiting = { reject };
        iterator.next().then(resolve, reject);
      });
      waiting = undefined;
      if (result.done) return;
      yield result.value;
    }
  } finally {
    stopRechecks();
    // Not awaited: a generator still waiting for its next message only returns once it has one.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
