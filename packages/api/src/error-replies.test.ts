// What a client sees when a procedure fails unexpectedly, and which calls the WebSocket may carry:
// a router of our own procedures through tRPC's real fetch handler and error formatter.
import type { TRPCError } from '@trpc/server';

import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import type { Db } from '@tiffin/db';
import { safeText } from '@tiffin/domain';

import type { TRPCContext } from './trpc';
import { createTRPCRouter, errorIdFor, publicProcedure } from './trpc';

const INTERNAL_TEXT = 'Invalid `prisma.restaurant.findUnique()` at 127.0.0.1:41327 (0x00)';

const router = createTRPCRouter({
  broken: publicProcedure.query(() => {
    throw new Error(INTERNAL_TEXT);
  }),
  echo: publicProcedure.input(z.object({ text: safeText().max(5) })).query(({ input }) => input),
  viaSocket: publicProcedure.meta({ overWebSocket: true }).query(() => 'ok'),
});

async function query(
  path: string,
  input: unknown,
  transport: TRPCContext['transport'] = 'http',
  logged: { id: string; detail: string }[] = [],
) {
  const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    router,
    req: new Request(`http://test/api/trpc/${path}?input=${encoded}`),
    createContext: (): TRPCContext => ({
      // These procedures never touch the database.
      db: undefined as unknown as Db,
      user: null,
      correlationId: 'test',
      tracking: null,
      transport,
    }),
    onError: ({ error }: { error: TRPCError }) =>
      logged.push({ id: errorIdFor(error), detail: String(error.cause) }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as {
    error?: { json: { message: string; data: { code: string; errorId: string | null } } };
  };
  return { status: response.status, text, error: body.error?.json };
}

describe('unexpected errors', () => {
  it('answer a generic message with an error id, and the log has the detail under that id', async () => {
    const logged: { id: string; detail: string }[] = [];
    const reply = await query('broken', undefined, 'http', logged);
    expect(reply.status).toBe(500);
    expect(reply.text).not.toContain('prisma');
    expect(reply.text).not.toContain('127.0.0.1');
    const errorId = reply.error?.data.errorId;
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.error?.message).toBe(
      `Something went wrong on our side. If it keeps happening, quote error ${errorId}.`,
    );
    expect(logged).toEqual([{ id: errorId, detail: `Error: ${INTERNAL_TEXT}` }]);
  });

  it('bad input still explains itself, with no error id', async () => {
    const reply = await query('echo', { text: 'a\u0000b' });
    expect(reply.status).toBe(400);
    expect(reply.error?.message).toMatch(/control characters/);
    expect(reply.error?.data.errorId).toBeNull();
  });
});

describe('over the WebSocket', () => {
  it('a query is refused unless it opts in; over HTTP it is served', async () => {
    const refused = await query('echo', { text: 'hi' }, 'websocket');
    expect(refused.error?.data.code).toBe('METHOD_NOT_SUPPORTED');
    expect(refused.error?.message).toMatch(/send this request over HTTP/);
    expect((await query('viaSocket', undefined, 'websocket')).status).toBe(200);
    expect((await query('echo', { text: 'hi' }, 'http')).status).toBe(200);
  });
});
