// Builds the API context for a request: the user from an API token (HTTP `Authorization: Bearer`,
// WebSocket connectionParams `{ token }`) or else from the next-auth session cookie (with the
// check that the session still stands), a correlation id, the caller's address and the abuse
// limits. Shared by the HTTP handler and the WebSocket endpoint (its upgrade request).
import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import type { TRPCContext } from '@tiffin/api';
import { bearerTokenFrom, createTRPCContext, sessionCheckFor, tokenSession } from '@tiffin/api';

import { getEnv } from '../env';
import { getDb } from './db';
import { webLog } from './logger';
import { apiObserver } from './metrics';
import { getPaymentProvider } from './payments';
import { getRateLimits } from './rate-limits';
import { getRedis } from './redis';
import { sessionFromCookies } from './session-token';
import { getSessionVersions } from './session-versions';
import { getTrackingHub } from './tracking-hub';

export const CORRELATION_HEADER = 'x-correlation-id';

const uuidSchema = z.uuid();

/** The caller's correlation id when it is a uuid (anything else could be log injection). */
export function correlationIdFrom(header: string | string[] | null | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && uuidSchema.safeParse(value).success ? value : randomUUID();
}

export interface RequestContextOptions {
  cookieHeader: string | undefined | null;
  correlationHeader: string | string[] | null | undefined;
  transport: 'http' | 'websocket';
  /** See client-address.ts; the WebSocket endpoint passes none, and its calls share one count. */
  clientAddress?: string | null;
  /** The HTTP `Authorization` header; `Bearer <token>` signs the request in with an API token. */
  authorizationHeader?: string | string[] | null;
  /** What a WebSocket client sent as connectionParams; `{ token }` signs the connection in. */
  connectionParams?: Record<string, string | undefined> | null;
}

/** The API token a request presents, if any: the header over HTTP, connectionParams over WS. */
function presentedToken(opts: RequestContextOptions): string | null {
  const fromParams = opts.connectionParams?.token;
  if (typeof fromParams === 'string' && fromParams !== '') return fromParams;
  return bearerTokenFrom(opts.authorizationHeader);
}

export async function createRequestContext(opts: RequestContextOptions): Promise<TRPCContext> {
  const db = getDb();
  const redis = getRedis();
  const token = presentedToken(opts);
  // A presented token decides alone: a cookie sent alongside it is not consulted.
  const viaToken = token === null ? null : await tokenSession(db, token);
  const session =
    token === null ? await sessionFromCookies(opts.cookieHeader, getEnv().NEXTAUTH_SECRET) : null;
  const identity = viaToken?.ok
    ? { user: viaToken.user, check: viaToken.check }
    : session
      ? {
          user: session.user,
          check: sessionCheckFor(
            db,
            redis,
            session.user.id,
            session.sessionVersion,
            getSessionVersions(),
          ),
        }
      : null;
  return createTRPCContext({
    db,
    user: identity?.user ?? null,
    sessionCheck: identity?.check ?? null,
    authMethod: viaToken ? 'token' : 'session',
    authRefusal: viaToken && !viaToken.ok ? viaToken.message : null,
    correlationId: correlationIdFrom(opts.correlationHeader),
    tracking: getTrackingHub(),
    observer: apiObserver,
    redis,
    payments: getPaymentProvider(),
    environment: getEnv().NODE_ENV,
    transport: opts.transport,
    clientAddress: opts.clientAddress ?? null,
    rateLimits: getRateLimits(),
    sessionVersions: getSessionVersions(),
    log: webLog(),
  });
}
