// The API for server components: the same procedures as over HTTP, called in-process with the
// session user. React `cache` gives one caller per request, shared by layout and page.
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { randomUUID } from 'node:crypto';

import { cache } from 'react';
import { TRPCError } from '@trpc/server';

import { appRouter, createCallerFactory, createTRPCContext } from '@tiffin/api';

import { getEnv } from '../env';
import { getSessionUser } from './auth';
import { getDb } from './db';
import { getPaymentProvider } from './payments';
import { getRedis } from './redis';

const createCaller = createCallerFactory(appRouter);

export const getCaller = cache(async () =>
  createCaller(
    createTRPCContext({
      db: getDb(),
      user: await getSessionUser(),
      correlationId: randomUUID(),
      // Server components render once; live updates come over the WebSocket.
      tracking: null,
      redis: getRedis(),
      payments: getPaymentProvider(),
      environment: getEnv().NODE_ENV,
    }),
  ),
);

/** True when a server-side call failed with one of these tRPC codes. */
export function isTRPCErrorCode(
  error: unknown,
  ...codes: TRPC_ERROR_CODE_KEY[]
): error is TRPCError {
  return error instanceof TRPCError && codes.includes(error.code);
}
