// Builds the API context for a request: the user from the next-auth session cookie and a
// correlation id. Shared by the HTTP handler and the WebSocket endpoint (its upgrade request).
import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import type { TRPCContext } from '@tiffin/api';
import { createTRPCContext } from '@tiffin/api';

import { getEnv } from '../env';
import { getDb } from './db';
import { apiObserver } from './metrics';
import { getPaymentProvider } from './payments';
import { getRedis } from './redis';
import { sessionUserFromCookies } from './session-token';
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
}

export async function createRequestContext(opts: RequestContextOptions): Promise<TRPCContext> {
  return createTRPCContext({
    db: getDb(),
    user: await sessionUserFromCookies(opts.cookieHeader, getEnv().NEXTAUTH_SECRET),
    correlationId: correlationIdFrom(opts.correlationHeader),
    tracking: getTrackingHub(),
    observer: apiObserver,
    redis: getRedis(),
    payments: getPaymentProvider(),
    environment: getEnv().NODE_ENV,
  });
}
