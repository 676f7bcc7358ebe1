// Builds the API context for a request: the user from the next-auth JWT and a correlation id.
// Shared by the HTTP handler and (later) the WebSocket endpoint, which passes its upgrade request.
import { randomUUID } from 'node:crypto';

import { getToken } from 'next-auth/jwt';
import type { GetTokenParams } from 'next-auth/jwt';
import { z } from 'zod';

import { createTRPCContext } from '@tiffin/api';
import type { TRPCContext } from '@tiffin/api';

import { getEnv } from '../env';
import { getDb } from './db';
import { toSessionUser } from './session-user';

export const CORRELATION_HEADER = 'x-correlation-id';

const uuidSchema = z.uuid();

/** The caller's correlation id when it is a uuid (anything else could be log injection). */
export function correlationIdFrom(header: string | null | undefined): string {
  return uuidSchema.safeParse(header).success && header ? header : randomUUID();
}

export interface RequestContextOptions {
  /** Anything next-auth's getToken reads cookies from: a NextRequest, or a Node request with `cookies`. */
  req: GetTokenParams['req'];
  correlationHeader: string | null | undefined;
}

export async function createRequestContext(opts: RequestContextOptions): Promise<TRPCContext> {
  const token = await getToken({ req: opts.req, secret: getEnv().NEXTAUTH_SECRET });
  return createTRPCContext({
    db: getDb(),
    user: toSessionUser(token),
    correlationId: correlationIdFrom(opts.correlationHeader),
  });
}
