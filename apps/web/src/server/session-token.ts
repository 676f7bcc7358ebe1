// Reads the signed-in user from the next-auth session cookie. Decrypting the JWE costs about a
// millisecond of CPU, so decoded sessions are cached by cookie value until the token expires:
// the same ciphertext always decodes to the same claims, so the cache changes no answer.
import { decode } from 'next-auth/jwt';

import type { SessionUser } from '@tiffin/api';

import { sessionVersionOf, toSessionUser } from './session-user';

/** next-auth's cookie names: `__Secure-` under https, plain otherwise. */
const SESSION_COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];
const MAX_CACHED = 10_000;
const MAX_CACHE_MS = 5 * 60_000;

/** A decoded session: who, and the session version it was signed in at. */
export interface CookieSession {
  user: SessionUser;
  /** Sessions from before versions existed carry none, and count as version 0. */
  sessionVersion: number;
}

interface Cached {
  session: CookieSession | null;
  expiresAt: number;
}
const cache = new Map<string, Cached>();

export function parseCookieHeader(header: string | undefined | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
}

/** The session token, joining next-auth's chunked cookies (`name.0`, `name.1`, …) if it split it. */
export function sessionTokenFrom(cookies: Record<string, string>): string | null {
  for (const name of SESSION_COOKIE_NAMES) {
    if (cookies[name]) return cookies[name];
    const chunks: string[] = [];
    for (let i = 0; cookies[`${name}.${i}`] !== undefined; i++)
      chunks.push(cookies[`${name}.${i}`]!);
    if (chunks.length > 0) return chunks.join('');
  }
  return null;
}

export async function sessionUserFromCookies(
  cookieHeader: string | undefined | null,
  secret: string,
): Promise<SessionUser | null> {
  return (await sessionFromCookies(cookieHeader, secret))?.user ?? null;
}

/** The session the cookie carries, unchecked against revocation (see trpc-context.ts). */
export async function sessionFromCookies(
  cookieHeader: string | undefined | null,
  secret: string,
): Promise<CookieSession | null> {
  const token = sessionTokenFrom(parseCookieHeader(cookieHeader));
  if (!token) return null;
  const now = Date.now();
  const hit = cache.get(token);
  if (hit && hit.expiresAt > now) return hit.session;

  let claims: Awaited<ReturnType<typeof decode>> = null;
  try {
    claims = await decode({ token, secret });
  } catch {
    // Tampered, expired or signed with another secret: not signed in.
    claims = null;
  }
  const user = toSessionUser(claims);
  const session = user ? { user, sessionVersion: sessionVersionOf(claims) } : null;
  const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : now;
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(token, { session, expiresAt: Math.min(exp, now + MAX_CACHE_MS) });
  return session;
}
