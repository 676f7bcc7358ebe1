// The direct path must answer exactly as tRPC's resolveResponse would: same status, headers and
// body, for successes, typed errors, batches and a failed context; and it must hand every other
// shape back (undefined) so tRPC answers those itself.
import { randomUUID } from 'node:crypto';

import { TRPCError } from '@trpc/server';
import { resolveResponse } from '@trpc/server/http';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { SessionUser, TRPCContext } from '@tiffin/api';
import type { TestDatabase } from '@tiffin/stack/testing';
import { appRouter } from '@tiffin/api';
import { createTestDatabase } from '@tiffin/stack/testing';

import type { DirectCallOptions } from './trpc-direct-call';
import { directCall } from './trpc-direct-call';

let t: TestDatabase;
let customer: SessionUser;
let menuItemId: string;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  customer = await t.db.user.findUniqueOrThrow({
    where: { email: 'customer@tiffin.test' },
    select: { id: true, email: true, name: true, role: true, restaurantId: true },
  });
  const item = await t.db.menuItem.findFirstOrThrow({
    where: { stock: { gt: 20 }, isAvailable: true, restaurant: { slug: 'saffron-tandoor' } },
  });
  menuItemId = item.id;
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

interface Call {
  method: 'GET' | 'POST' | 'HEAD';
  /** After /api/trpc/, with its query string. */
  target: string;
  body?: unknown;
  user?: SessionUser | null;
  contentType?: string;
  accept?: string;
  failContext?: boolean;
}

const headersFor = (errors: TRPCError[]) =>
  errors.length > 0 ? { 'x-error-codes': errors.map((error) => error.code).join(',') } : undefined;

function contextFor(call: Call): () => Promise<TRPCContext> {
  return () =>
    call.failContext
      ? Promise.reject(
          new TRPCError({ code: 'UNAUTHORIZED', message: 'This API token has been revoked.' }),
        )
      : Promise.resolve({
          db: t.db,
          user: call.user ?? null,
          correlationId: randomUUID(),
          tracking: null,
        });
}

function split(target: string) {
  const query = target.indexOf('?');
  return query === -1
    ? { path: target, search: '' }
    : { path: target.slice(0, query), search: target.slice(query + 1) };
}

function bodyOf(call: Call): string | undefined {
  if (call.body === undefined) return undefined;
  return typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
}

async function direct(call: Call, onErrorPaths: string[] = []) {
  const { path, search } = split(call.target);
  const contentType = call.contentType ?? (call.method === 'POST' ? 'application/json' : undefined);
  const headers: DirectCallOptions<typeof appRouter, TRPCContext>['headers'] = {};
  if (contentType) headers['content-type'] = contentType;
  if (call.accept) headers.accept = call.accept;
  return directCall({
    router: appRouter,
    method: call.method,
    path,
    search,
    headers,
    body: bodyOf(call),
    maxBatchSize: 10,
    createContext: contextFor(call),
    headersFor,
    onError: ({ path: failed }) => onErrorPaths.push(failed),
  });
}

async function viaTrpc(call: Call, onErrorPaths: string[] = []) {
  const { path } = split(call.target);
  const headers = new Headers();
  const contentType = call.contentType ?? (call.method === 'POST' ? 'application/json' : undefined);
  if (contentType) headers.set('content-type', contentType);
  if (call.accept) headers.set('accept', call.accept);
  const response = await resolveResponse({
    router: appRouter,
    req: new Request(`http://localhost/api/trpc/${call.target}`, {
      method: call.method,
      headers,
      body: bodyOf(call),
    }),
    path,
    error: null,
    maxBatchSize: 10,
    createContext: contextFor(call),
    responseMeta: ({ errors }) => ({ headers: headersFor(errors) }),
    onError: ({ path: failed }) => onErrorPaths.push(failed ?? ''),
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}

const input = (value: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(value)));

describe('directCall answers as resolveResponse does', () => {
  const order = (idempotencyKey: string) =>
    superjson.serialize({
      items: [{ menuItemId, quantity: 1 }],
      deliveryAddress: 'Direct Call Street 1',
      idempotencyKey,
    });

  const cases: [string, () => Call][] = [
    ['a public query', () => ({ method: 'GET', target: 'restaurant.list' })],
    [
      'a query with input',
      () => ({
        method: 'GET',
        target: `restaurant.bySlug?input=${input({ slug: 'saffron-tandoor' })}`,
      }),
    ],
    [
      'a query whose input fails validation',
      () => ({ method: 'GET', target: `restaurant.bySlug?input=${input({ slug: 42 })}` }),
    ],
    [
      'a query for something that does not exist',
      () => ({
        method: 'GET',
        target: `restaurant.bySlug?input=${input({ slug: 'no-such-place' })}`,
      }),
    ],
    [
      'a batch of two queries',
      () => ({
        method: 'GET',
        target: `restaurant.list,restaurant.bySlug?batch=1&input=${encodeURIComponent(
          JSON.stringify({ 1: superjson.serialize({ slug: 'saffron-tandoor' }) }),
        )}`,
      }),
    ],
    [
      'a batch with one failing call (207)',
      () => ({
        method: 'GET',
        target: `restaurant.list,restaurant.bySlug?batch=1&input=${encodeURIComponent(
          JSON.stringify({ 1: superjson.serialize({ slug: 'no-such-place' }) }),
        )}`,
      }),
    ],
    [
      'a mutation without a session',
      () => ({ method: 'POST', target: 'order.place', body: order(randomUUID()) }),
    ],
    [
      'a mutation with bad input',
      () => ({
        method: 'POST',
        target: 'order.place',
        user: customer,
        body: superjson.serialize({ items: [], deliveryAddress: '', idempotencyKey: 'x' }),
      }),
    ],
    [
      'a batched mutation with bad input',
      () => ({
        method: 'POST',
        target: 'order.place?batch=1',
        user: customer,
        body: { 0: superjson.serialize({ items: [] }) },
      }),
    ],
    [
      'a call whose context cannot be made',
      () => ({ method: 'GET', target: 'restaurant.list', failContext: true }),
    ],
  ];

  for (const [name, make] of cases) {
    it(name, async () => {
      const call = make();
      const directErrors: string[] = [];
      const trpcErrors: string[] = [];
      const ours = await direct(call, directErrors);
      const theirs = await viaTrpc(call, trpcErrors);
      expect(ours).toBeDefined();
      expect(ours!.status).toBe(theirs.status);
      expect(ours!.headers).toEqual(theirs.headers);
      expect(JSON.parse(ours!.body)).toEqual(JSON.parse(theirs.body));
      expect(directErrors).toEqual(trpcErrors);
    });
  }

  it('a placed order, replayed with its idempotency key, gets the same answer both ways', async () => {
    const call: Call = {
      method: 'POST',
      target: 'order.place',
      user: customer,
      body: order(randomUUID()),
    };
    const before = await t.db.menuItem.findUniqueOrThrow({ where: { id: menuItemId } });
    const ours = await direct(call);
    const theirs = await viaTrpc(call);
    expect(ours!.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(ours!.headers).toEqual(theirs.headers);
    const placed = superjson.deserialize<{ orderId: string; totalCents: number }>(
      (JSON.parse(ours!.body) as { result: { data: Parameters<typeof superjson.deserialize>[0] } })
        .result.data,
    );
    expect(JSON.parse(ours!.body)).toEqual(JSON.parse(theirs.body));
    const after = await t.db.menuItem.findUniqueOrThrow({ where: { id: menuItemId } });
    expect(after.stock).toBe(before.stock - 1);
    const row = await t.db.order.findUniqueOrThrow({ where: { id: placed.orderId } });
    expect(row.totalCents).toBe(placed.totalCents);
    expect(await t.db.order.count({ where: { userId: customer.id } })).toBe(1);
  });
});

describe('directCall hands other shapes to tRPC', () => {
  const handedBack: [string, Call][] = [
    ['a HEAD request', { method: 'HEAD', target: 'restaurant.list' }],
    ['a query sent as POST', { method: 'POST', target: 'restaurant.list', body: {} }],
    ['a mutation sent as GET', { method: 'GET', target: 'order.place' }],
    ['an unknown procedure', { method: 'GET', target: 'restaurant.nothingHere' }],
    ['a subscription (served as server-sent events)', { method: 'GET', target: 'order.track' }],
    ['input that is not JSON', { method: 'GET', target: 'restaurant.bySlug?input=%7Bnot-json' }],
    ['a body that is not JSON', { method: 'POST', target: 'order.place', body: '{not json' }],
    [
      'form data',
      { method: 'POST', target: 'order.place', body: 'a=1', contentType: 'multipart/form-data' },
    ],
    ['a POST without a content type', { method: 'POST', target: 'order.place', contentType: '' }],
    [
      'a streaming batch',
      { method: 'GET', target: 'restaurant.list?batch=1', accept: 'application/jsonl' },
    ],
    [
      'a batch over the limit',
      { method: 'GET', target: `${Array(11).fill('restaurant.list').join(',')}?batch=1` },
    ],
    [
      'a batch whose input is not an object',
      { method: 'POST', target: 'order.place?batch=1', body: [] },
    ],
  ];

  for (const [name, call] of handedBack) {
    it(name, async () => {
      expect(await direct(call)).toBeUndefined();
    });
  }
});
