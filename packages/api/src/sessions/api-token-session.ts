// Requests that carry an API token (HTTP `Authorization: Bearer`, WebSocket connectionParams)
// instead of a session cookie. A token is looked up by its SHA-256 in one indexed query joined to
// its owner; answers are cached in this process for TOKEN_CACHE_MS, so a script's burst costs one
// lookup, and a revocation or a disabled owner applies within that time on every process (at once
// on the process that revoked it). Live subscriptions recheck the token as sessions do.
import type { Db } from '@tiffin/db';
import type { TokenRefusal } from '@tiffin/domain';
import { hashToken, resolveApiToken, tokenRefusalMessage, touchApiToken } from '@tiffin/domain';

import type { SessionUser } from '../trpc';
import type { SessionCheck } from './current-session';
import { SUBSCRIPTION_RECHECK_MS } from './current-session';

/** How long a token's answer is reused in one process: the bound on a revocation's delay. */
export const TOKEN_CACHE_MS = 2_000;
/** `lastUsedAt` is written at most this often per token, so use costs no write per request. */
export const LAST_USED_WRITE_MS = 60_000;
const MAX_CACHED = 10_000;

export type TokenSession =
  | { ok: true; tokenId: string; user: SessionUser; check: SessionCheck }
  | { ok: false; reason: TokenRefusal; message: string };

interface Cached {
  at: number;
  answer: Promise<TokenSession>;
}

/** One cache per process, on globalThis: server.ts and Next's bundle load this module apart. */
const state = ((globalThis as { __tiffinTokenCache?: TokenCacheState }).__tiffinTokenCache ??= {
  answers: new Map<string, Cached>(),
  lastWrites: new Map<string, number>(),
});
interface TokenCacheState {
  answers: Map<string, Cached>;
  lastWrites: Map<string, number>;
}

async function lookUp(db: Db, token: string): Promise<TokenSession> {
  const resolved = await resolveApiToken(db, token);
  if (!resolved.ok) {
    return { ok: false, reason: resolved.reason, message: tokenRefusalMessage(resolved.reason) };
  }
  const now = Date.now();
  if (now - (state.lastWrites.get(resolved.tokenId) ?? 0) > LAST_USED_WRITE_MS) {
    state.lastWrites.set(resolved.tokenId, now);
    // Best effort: a lost write only makes "last used" a little older than the truth.
    void touchApiToken(db, resolved.tokenId).catch(() => undefined);
  }
  return {
    ok: true,
    tokenId: resolved.tokenId,
    user: resolved.user,
    check: {
      recheckMs: SUBSCRIPTION_RECHECK_MS,
      // A live subscription asks PostgreSQL itself, never the cache.
      stands: async () => (await resolveApiToken(db, token)).ok,
    },
  };
}

/** The session a presented token stands for, or why it is refused. */
export function tokenSession(db: Db, token: string): Promise<TokenSession> {
  const hash = hashToken(token);
  const now = Date.now();
  const hit = state.answers.get(hash);
  if (hit && now - hit.at < TOKEN_CACHE_MS) return hit.answer;
  if (state.answers.size >= MAX_CACHED) state.answers.delete(state.answers.keys().next().value!);
  const answer = lookUp(db, token);
  // A failed lookup (database down) is not remembered.
  answer.catch(() => state.answers.delete(hash));
  state.answers.set(hash, { at: now, answer });
  return answer;
}

/** Forgets cached answers for a token (after its revocation in this process). */
export function forgetToken(tokenId: string): void {
  for (const [hash, cached] of state.answers) {
    void cached.answer.then(
      (session) => {
        if (session.ok && session.tokenId === tokenId) state.answers.delete(hash);
      },
      () => undefined,
    );
  }
}

/** The token in an `Authorization: Bearer …` header, or null when there is none. */
export function bearerTokenFrom(header: string | string[] | null | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match ? match[1]! : null;
}
