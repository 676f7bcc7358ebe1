// The REST endpoints and their OpenAPI document, on the real production server: the document is
// valid OpenAPI 3.1, and calls made by reading it (operation id → method and path) get real data,
// the same guards and the same human messages as /api/trpc.
import { randomUUID } from 'node:crypto';

import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TestDatabase } from '@tiffin/stack/testing';
import { hashPassword } from '@tiffin/db';
import { createApiToken, person, priceOrder } from '@tiffin/domain';
import { signIn, trpc } from '@tiffin/stack';

import type { TestWebServer } from './testing/test-web-server';
import { startTestWebServer } from './testing/test-web-server';

const ALLOWED_ORIGIN = 'https://app.example.test';
const ORDERS_PER_MINUTE = 3;
// Own customers: test databases share the template's demo users (and their ids), so another file
// ordering as a demo customer at the same moment would spend this file's per-user order limit.
const CUSTOMER_EMAIL = `rest-${randomUUID().slice(0, 8)}@example.com`;
const RATE_LIMITED_EMAIL = `rest-limit-${randomUUID().slice(0, 8)}@example.com`;
const PASSWORD = 'rest-test-password-1';

let t: TestDatabase;
let server: TestWebServer;
let baseUrl: string;
let doc: OpenApiDoc;

interface OpenApiOperation {
  operationId: string;
  security?: Record<string, string[]>[];
}
interface OpenApiDoc {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { securitySchemes: Record<string, unknown> };
}

beforeAll(async () => {
  server = await startTestWebServer({
    authSecret: 'rest-test-secret-0123456789abcdefghijk',
    extra: {
      ALLOWED_ORIGINS: ALLOWED_ORIGIN,
      ORDERS_PER_USER_PER_MINUTE: String(ORDERS_PER_MINUTE),
    },
  });
  ({ t, baseUrl } = server);
  const passwordHash = await hashPassword(PASSWORD);
  for (const email of [CUSTOMER_EMAIL, RATE_LIMITED_EMAIL]) {
    await t.db.user.create({
      data: { email, passwordHash, name: 'REST Customer', emailVerifiedAt: new Date() },
    });
  }
  doc = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as OpenApiDoc;
});
afterAll(async () => {
  await server?.stop();
});

/** The method and address of an operation, read from the document, with its path filled in. */
function operation(operationId: string, params: Record<string, string> = {}) {
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (op.operationId !== operationId) continue;
      const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = params[name];
        if (value === undefined) throw new Error(`${operationId} needs ${name}`);
        return encodeURIComponent(value);
      });
      return { method: method.toUpperCase(), url: `${baseUrl}${doc.servers[0]!.url}${filled}` };
    }
  }
  throw new Error(`the document has no operation ${operationId}`);
}

interface RestReply<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls an operation the way any HTTP client would: JSON in, JSON out. */
async function call<T = unknown>(
  operationId: string,
  opts: {
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<RestReply<T>> {
  const { method, url } = operation(operationId, opts.params);
  const query = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
  const response = await fetch(`${url}${query}`, {
    method,
    headers: {
      ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
      ...opts.headers,
    },
    ...(method === 'GET' ? {} : { body: JSON.stringify(opts.body ?? {}) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

interface ErrorBody {
  message: string;
  code: string;
  data?: { fieldErrors?: Record<string, string[]> | null; domain?: { code: string } | null };
}

async function stockedDish(minimumStock = 20) {
  return t.db.menuItem.findFirstOrThrow({
    where: { stock: { gte: minimumStock }, isAvailable: true, restaurant: { isOpen: true } },
    orderBy: { name: 'asc' },
    include: { restaurant: true },
  });
}

describe('/api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document of the public procedures', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // Throws, naming the problem, on anything that is not valid OpenAPI.
    await SwaggerParser.validate(structuredClone(doc) as never);
    const ids = Object.values(doc.paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'restaurant-list',
        'restaurant-bySlug',
        'menu-list',
        'cart-validate',
        'order-quote',
        'order-place',
        'order-mine',
        'order-byId',
        'notification-list',
        'notification-unreadCount',
        'notification-markRead',
        'review-forRestaurant',
        'review-create',
        'auth-me',
      ]),
    );
    // Consoles, dev tools and QA hooks are not part of the public contract.
    expect(ids.filter((id) => /^(admin|dev|qa|kitchen|courier)-/.test(id))).toEqual([]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'bearerToken',
      'sessionCookie',
    ]);
    expect(doc.paths['/orders']!.post!.security).toEqual([
      { sessionCookie: [] },
      { bearerToken: [] },
    ]);
    expect(doc.paths['/restaurants']!.get!.security).toBeUndefined();
  });
});

describe('public endpoints', () => {
  it('GET /restaurants lists the restaurants in the database', async () => {
    const reply =
      await call<{ id: string; name: string; acceptingOrders: boolean }[]>('restaurant-list');
    expect(reply.status).toBe(200);
    const rows = await t.db.restaurant.findMany({ select: { id: true, name: true } });
    expect(reply.body.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(reply.body.length).toBeGreaterThan(0);

    const searched = await call<{ id: string }[]>('restaurant-list', {
      query: { search: rows[0]!.name },
    });
    expect(searched.body.map((r) => r.id)).toContain(rows[0]!.id);
  });

  it("GET a restaurant's reviews reads a number from the query string", async () => {
    const restaurant = await t.db.restaurant.findFirstOrThrow();
    const reply = await call<{ items: unknown[]; rating: { count: number } }>(
      'review-forRestaurant',
      { params: { restaurantId: restaurant.id }, query: { limit: '1' } },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.items.length).toBeLessThanOrEqual(1);
    expect(reply.body.rating.count).toBe(restaurant.ratingCount);
  });

  it('an unknown path is a 404 in the same error shape', async () => {
    const response = await fetch(`${baseUrl}/api/rest/no-such-thing`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).code).toBe('NOT_FOUND');
  });
});

/** The ways a REST caller proves who they are; an API token joins this list once tokens exist. */
const credentials: { name: string; headers: () => Promise<Record<string, string>> }[] = [
  {
    name: 'a session cookie',
    headers: async () => ({
      cookie: await signIn(baseUrl, CUSTOMER_EMAIL, PASSWORD),
    }),
  },
  {
    name: 'an API token',
    headers: async () => {
      const customer = await t.db.user.findUniqueOrThrow({
        where: { email: CUSTOMER_EMAIL },
      });
      const { token } = await t.db.$transaction((tx) =>
        createApiToken(tx, person(customer), { name: 'REST test' }),
      );
      return { authorization: `Bearer ${token}` };
    },
  },
];

describe.each(credentials)('signed in with $name', ({ headers }) => {
  it('POST /orders/quote prices the cart and POST /orders places it, stock taken', async () => {
    const auth = await headers();
    const dish = await stockedDish();
    const items = [{ menuItemId: dish.id, quantity: 2 }];
    const totalCents = priceOrder({
      lines: [{ quantity: 2, unitPriceCents: dish.priceCents }],
      fees: dish.restaurant,
    }).totalCents;

    const quote = await call<{ ok: boolean; price: { totalCents: number } }>('order-quote', {
      body: { items },
      headers: auth,
    });
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({ ok: true, price: { totalCents } });

    const placed = await call<{ orderId: string; status: string; totalCents: number }>(
      'order-place',
      {
        body: {
          items,
          deliveryAddress: '10 Downing Street',
          idempotencyKey: randomUUID(),
          expectedTotalCents: totalCents,
        },
        headers: auth,
      },
    );
    expect(placed.status).toBe(200);
    expect(placed.body).toEqual({
      orderId: expect.any(String),
      status: 'created',
      totalCents,
      payment: null,
    });
    const row = await t.db.order.findUniqueOrThrow({ where: { id: placed.body.orderId } });
    expect(row.totalCents).toBe(totalCents);
    expect((await t.db.menuItem.findUniqueOrThrow({ where: { id: dish.id } })).stock).toBe(
      dish.stock - 2,
    );

    // Read back: moments are ISO 8601 strings over REST.
    const read = await call<{ id: string; createdAt: string; items: { quantity: number }[] }>(
      'order-byId',
      { params: { orderId: placed.body.orderId }, headers: auth },
    );
    expect(read.status).toBe(200);
    expect(read.body.createdAt).toBe(row.createdAt.toISOString());
    expect(read.body.items).toEqual([expect.objectContaining({ quantity: 2 })]);
    const mine = await call<{ id: string }[]>('order-mine', { headers: auth });
    expect(mine.body.map((o) => o.id)).toContain(placed.body.orderId);
  });

  it('GET /me names the signed-in customer; without credentials it is null', async () => {
    const me = await call<{ email: string; role: string } | null>('auth-me', {
      headers: await headers(),
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: CUSTOMER_EMAIL, role: 'CUSTOMER' });
    expect((await call('auth-me')).body).toBeNull();
  });
});

describe('the same rules as /api/trpc', () => {
  it('without credentials, POST /orders is 401 and writes nothing', async () => {
    const dish = await stockedDish();
    const orders = await t.db.order.count();
    const reply = await call<ErrorBody>('order-place', {
      body: {
        items: [{ menuItemId: dish.id, quantity: 1 }],
        deliveryAddress: '10 Downing Street',
        idempotencyKey: randomUUID(),
      },
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
    expect(await t.db.order.count()).toBe(orders);
  });

  it("bad input is a 400 with tRPC's human message, and writes nothing", async () => {
    const cookie = await signIn(baseUrl, CUSTOMER_EMAIL, PASSWORD);
    const dish = await stockedDish();
    const input = {
      items: [{ menuItemId: dish.id, quantity: 0 }],
      deliveryAddress: '10 Downing Street',
      idempotencyKey: randomUUID(),
    };
    const orders = await t.db.order.count();
    const overTrpc = await trpc(baseUrl, 'order.place', input, { cookie });
    const overRest = await call<ErrorBody>('order-place', { body: input, headers: { cookie } });
    expect(overTrpc.status).toBe(400);
    expect(overRest.status).toBe(400);
    expect(overRest.body.code).toBe('BAD_REQUEST');
    expect(overRest.body.message).toBe(overTrpc.error!.message);
    expect(overRest.body.message).not.toBe('Input validation failed');
    expect(overRest.body.data?.fieldErrors).toEqual(overTrpc.error!.data.fieldErrors);
    expect(await t.db.order.count()).toBe(orders);
  });

  it('REST calls leave both endpoints strict: a number sent as text is refused on each', async () => {
    const dish = await stockedDish();
    const input = { items: [{ menuItemId: dish.id, quantity: '2' }] };
    const overRest = await call<ErrorBody>('order-quote', { body: input });
    // After a REST call has run the library's handling of this schema, tRPC still refuses too.
    const overTrpc = await trpc(baseUrl, 'order.quote', input, { kind: 'query' });
    expect(overRest.status).toBe(400);
    expect(overTrpc.status).toBe(400);
    expect(overRest.body.message).toBe(overTrpc.error!.message);
  });

  it('a mutation sent as a form (no CORS preflight) is refused and writes nothing', async () => {
    const cookie = await signIn(baseUrl, CUSTOMER_EMAIL, PASSWORD);
    const dish = await stockedDish();
    const orders = await t.db.order.count();
    const { url } = operation('order-place');
    const response = await fetch(url, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain' },
      body: JSON.stringify({
        items: [{ menuItemId: dish.id, quantity: 1 }],
        deliveryAddress: '10 Downing Street',
        idempotencyKey: randomUUID(),
      }),
    });
    expect(response.status).toBe(415);
    expect(await t.db.order.count()).toBe(orders);
  });

  it('CORS: an allowlisted origin gets credentials, any other a refused preflight', async () => {
    const { url } = operation('order-place');
    const preflight = (origin: string) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const refused = await preflight('https://evil.example.test');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a body over the limit is refused before it is read (413, JSON)', async () => {
    const { url } = operation('order-quote');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [], padding: 'x'.repeat(70 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      message: 'The request is too large (64 KiB at most).',
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('the order rate limit counts REST orders: the next is 429 with Retry-After', async () => {
    const cookie = await signIn(baseUrl, RATE_LIMITED_EMAIL, PASSWORD);
    const dish = await stockedDish(ORDERS_PER_MINUTE + 5);
    const place = () =>
      call<ErrorBody>('order-place', {
        body: {
          items: [{ menuItemId: dish.id, quantity: 1 }],
          deliveryAddress: '10 Downing Street',
          idempotencyKey: randomUUID(),
        },
        headers: { cookie },
      });
    for (let i = 0; i < ORDERS_PER_MINUTE; i++) expect((await place()).status).toBe(200);
    const orders = await t.db.order.count();
    const refused = await place();
    expect(refused.status).toBe(429);
    expect(refused.body.data?.domain?.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await t.db.order.count()).toBe(orders);
  });
});
