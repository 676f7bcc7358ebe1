// The web process's defences, against a real production server with its own PostgreSQL clone and
// Redis (each behind a proxy a test can cut): foreign-origin WebSockets, what the socket carries,
// request size limits, outages that leak nothing, security headers, and bad page parameters.
import http from 'node:http';
import net from 'node:net';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';

import type { RunningApp } from '@tiffin/stack';
import type { TcpProxy, TestDatabase } from '@tiffin/stack/testing';
import { DEMO_PASSWORD } from '@tiffin/db/seed';
import {
  freePort,
  SHARED_REDIS_TEST_LIMITS,
  signIn,
  startWeb,
  trpc,
  waitForHttp,
} from '@tiffin/stack';
import { createTestDatabase, startTcpProxy } from '@tiffin/stack/testing';

/** A separate front end the deployment allows (ALLOWED_ORIGINS). */
const PARTNER = 'https://app.partner.example';

let t: TestDatabase;
let pgProxy: TcpProxy;
let redisProxy: TcpProxy;
let web: RunningApp;
let base: string;
let port: number;
let customer: string;
let admin: string;
const logLines: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  pgProxy = await startTcpProxy(t.url);
  redisProxy = await startTcpProxy(inject('redisUrl'));
  port = await freePort();
  web = startWeb(
    {
      databaseUrl: pgProxy.url,
      redisUrl: redisProxy.url,
      authSecret: 'web-security-test-secret-0123456789abcdef',
      port,
      extra: { ...SHARED_REDIS_TEST_LIMITS, ALLOWED_ORIGINS: PARTNER },
    },
    { sink: (line) => logLines.push(line) },
  );
  base = `http://localhost:${port}`;
  await waitForHttp(`${base}/api/health/live`, web);
  customer = await signIn(base, 'customer@tiffin.test', DEMO_PASSWORD);
  admin = await signIn(base, 'admin@tiffin.test', DEMO_PASSWORD);
});

afterAll(async () => {
  await web?.stop();
  await Promise.all([pgProxy?.close(), redisProxy?.close()]);
  await t?.drop();
});

async function orderCount(): Promise<number> {
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM "Order"');
    return Number(rows[0]?.n);
  } finally {
    await client.end();
  }
}

async function placeInput() {
  const menu = await trpc<{ items: { id: string; priceCents: number; stock: number }[] }>(
    base,
    'menu.list',
    { restaurantId: await restaurantId('saffron-tandoor') },
    { kind: 'query' },
  );
  const item = menu.data!.items.find((i) => i.stock > 5)!;
  return {
    items: [{ menuItemId: item.id, quantity: 1, expectedPriceCents: item.priceCents }],
    deliveryAddress: '12 Security Street, London',
    idempotencyKey: `security-${Math.random().toString(36).slice(2)}`,
  };
}

async function restaurantId(slug: string): Promise<string> {
  const reply = await trpc<{ id: string }>(base, 'restaurant.bySlug', { slug }, { kind: 'query' });
  return reply.data!.id;
}

type Outcome =
  { kind: 'refused'; status: number; body: string } | { kind: 'open'; socket: WebSocket };

/** Opens the tRPC socket with these headers: refused at the upgrade, or open. */
function openSocket(headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://localhost:${port}/api/trpc-ws`, { headers });
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body }));
    });
    socket.on('open', () => resolve({ kind: 'open', socket }));
    socket.on('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}

/** Sends one JSON-RPC message and returns the first reply with its id. */
function exchange(socket: WebSocket, message: { id: number } & Record<string, unknown>) {
  return new Promise<{
    id: number;
    result?: unknown;
    // Errors come superjson-encoded, as every reply does.
    error?: { json: { message: string; data: { code: string } } };
  }>((resolve) => {
    const onMessage = (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as { id: number };
      if (reply.id !== message.id) return;
      socket.off('message', onMessage);
      resolve(reply);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify(message));
  });
}

describe('the WebSocket', () => {
  it('refuses a page on another site before the handshake, even with a valid cookie', async () => {
    const before = await orderCount();
    const outcome = await openSocket({ origin: 'http://evil.example', cookie: customer });
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.status).toBe(403);
    expect(outcome.body).toBe(
      'This site does not accept live connections from pages on other sites.',
    );
    expect(await orderCount()).toBe(before);
    expect(logLines.join('\n')).toContain('websocket refused: origin not allowed');
  });

  it("accepts the site's own pages, an allowed front end, and clients that send no Origin", async () => {
    const pages: Record<string, string>[] = [
      { origin: base, cookie: customer },
      { origin: PARTNER, cookie: customer },
      { cookie: customer },
    ];
    for (const headers of pages) {
      const outcome = await openSocket(headers);
      expect(outcome.kind).toBe('open');
      if (outcome.kind === 'open') outcome.socket.close();
    }
  });

  it('carries subscriptions only: order.place and queries over it are refused and write nothing', async () => {
    const outcome = await openSocket({ origin: base, cookie: customer });
    if (outcome.kind !== 'open') throw new Error('the socket did not open');
    const { socket } = outcome;
    const before = await orderCount();

    const mutation = await exchange(socket, {
      id: 1,
      method: 'mutation',
      params: { path: 'order.place', input: { json: await placeInput() } },
    });
    expect(mutation.error?.json.data.code).toBe('METHOD_NOT_SUPPORTED');
    expect(mutation.error?.json.message).toMatch(/send this request over HTTP/);
    const query = await exchange(socket, {
      id: 2,
      method: 'query',
      params: { path: 'order.mine', input: { json: undefined } },
    });
    expect(query.error?.json.data.code).toBe('METHOD_NOT_SUPPORTED');
    const subscription = await exchange(socket, {
      id: 3,
      method: 'subscription',
      params: {
        path: 'menu.stockChanged',
        input: { json: { restaurantId: await restaurantId('saffron-tandoor') } },
      },
    });
    expect(subscription.result).toEqual({ type: 'started' });
    socket.close();
    expect(await orderCount()).toBe(before);
  });
});

describe('CORS on the HTTP API', () => {
  const preflight = (origin: string) =>
    fetch(`${base}/api/trpc/order.place`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });

  it('an allowed origin gets a preflight answer with credentials', async () => {
    const response = await preflight(PARTNER);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    const call = await fetch(`${base}/api/trpc/restaurant.cuisines`, {
      headers: { origin: PARTNER },
    });
    expect(call.headers.get('access-control-allow-origin')).toBe(PARTNER);
  });

  it('any other origin gets no CORS headers, and its preflight is refused', async () => {
    const response = await preflight('http://evil.example');
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const call = await fetch(`${base}/api/trpc/restaurant.cuisines`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
    expect(call.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

/** A raw request, so the test controls the exact bytes (chunking, URL length). */
function rawRequest(opts: {
  path: string;
  method?: string;
  headers?: Record<string, string | number>;
  body?: Buffer | Buffer[];
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: opts.path,
        method: opts.method ?? 'GET',
        headers: opts.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          req.destroy();
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server closes a refused upload's connection once it has answered.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (const chunk of [opts.body ?? []].flat()) req.write(chunk);
    req.end();
  });
}

/** Writes raw bytes on a new connection and returns everything the server sends before closing. */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within 10 s; received ${JSON.stringify(received)}`));
    }, 10_000);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
    socket.write(request);
  });
}

describe('request limits', () => {
  const batchPath = (calls: number) =>
    `/api/trpc/${Array.from({ length: calls }, () => 'restaurant.cuisines').join(',')}?batch=1`;

  it('a batch of more than 10 calls is refused with a 400 that says so; 10 are served', async () => {
    const tooMany = await rawRequest({ path: batchPath(11) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toContain('One request may batch at most 10 calls; this one has 11.');
    const ten = await rawRequest({ path: batchPath(10) });
    expect(ten.status).toBe(200);
    expect(JSON.parse(ten.body)).toHaveLength(10);
  });

  it('a 20 MB body is refused with 413 before it is read', async () => {
    const before = await orderCount();
    // Only the first kilobyte is ever sent: the answer cannot depend on reading the rest.
    const reply = await rawExchange(
      [
        'POST /api/trpc/auth.signUp HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Content-Type: application/json',
        `Content-Length: ${20 * 1024 * 1024}`,
        `Cookie: ${customer}`,
        '',
        'a'.repeat(1024),
      ].join('\r\n'),
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toContain('The request is too large (64 KiB at most).');
    expect(await orderCount()).toBe(before);
  });

  it('a chunked body (no declared length) is cut off at the limit with 413', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const reply = await rawRequest({
      path: '/api/trpc/auth.signUp',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: Array.from({ length: 8 }, () => chunk),
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({
      error: { json: { data: { code: 'PAYLOAD_TOO_LARGE' } } },
    });
  });

  it('an over-long address gets a clear 414, and a huge one a clear 431, not a bare one', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { search: 'x'.repeat(10_000) } }));
    const long = await rawRequest({ path: `/api/trpc/restaurant.list?input=${input}` });
    expect(long.status).toBe(414);
    expect(long.body).toContain("The request's address is too long (8 KiB at most)");
    const page = await rawRequest({ path: `/?q=${'x'.repeat(10_000)}` });
    expect(page.status).toBe(414);
    const huge = await rawRequest({ path: `/?q=${'x'.repeat(100_000)}` });
    expect(huge.status).toBe(431);
    expect(huge.body).toBe("The request's address or headers are too large.");
  });
});

describe('outages leak nothing internal', () => {
  const internal = /prisma|127\.0\.0\.1|localhost|ECONN|Can't reach|maxRetries|invocation/i;

  it('PostgreSQL unreachable: checkout answers SERVICE_UNAVAILABLE "please try again"', async () => {
    const input = await placeInput();
    await pgProxy.cut();
    try {
      const reply = await trpc(base, 'order.place', input, { cookie: customer });
      expect(reply.status).toBe(503);
      expect(reply.error?.data.code).toBe('SERVICE_UNAVAILABLE');
      expect(reply.error?.message).toBe(
        'We cannot reach our database right now. Please try again in a moment.',
      );
      expect(JSON.stringify(reply)).not.toMatch(internal);
      const menu = await trpc(base, 'restaurant.list', {}, { kind: 'query' });
      expect(menu.status).toBe(503);
      expect(JSON.stringify(menu)).not.toMatch(internal);
    } finally {
      await pgProxy.restore();
    }
    expect((await trpc(base, 'order.place', input, { cookie: customer })).status).toBe(200);
  });

  it('Redis unreachable: an admin view that needs it answers SERVICE_UNAVAILABLE', async () => {
    await redisProxy.cut();
    try {
      const reply = await trpc(base, 'admin.deadLetters', undefined, {
        cookie: admin,
        kind: 'query',
      });
      expect(reply.status).toBe(503);
      expect(reply.error?.message).toBe(
        'We cannot reach our live services right now. Please try again in a moment.',
      );
      expect(JSON.stringify(reply)).not.toMatch(internal);
    } finally {
      await redisProxy.restore();
    }
  });
});

describe('security headers', () => {
  it('pages carry a nonce CSP that every script of the page uses', async () => {
    for (const path of ['/', '/r/saffron-tandoor', '/signin']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, `${path}: ${tag}`).toContain(`nonce="${nonce}"`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('permissions-policy')).toContain('geolocation=(self)');
      // Served over plain http here: no HSTS.
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    const first = (await fetch(`${base}/`)).headers.get('content-security-policy');
    const second = (await fetch(`${base}/`)).headers.get('content-security-policy');
    expect(first).not.toBe(second);
  });

  it('API, health and refusals carry them too, with a policy that allows nothing', async () => {
    for (const path of ['/api/trpc/restaurant.cuisines', '/api/health/live', '/api/auth/csrf']) {
      const response = await fetch(`${base}${path}`);
      expect(response.headers.get('content-security-policy'), path).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
    }
  });
});

describe('pages with bad parameters', () => {
  it('a NUL in the search or cuisine shows the normal "no match" state', async () => {
    for (const query of ['q=a%00b', 'cuisine=%00', 'cuisine=%25%5C']) {
      const response = await fetch(`${base}/?${query}`);
      expect(response.status, query).toBe(200);
      expect(await response.text(), query).toContain('No restaurants match');
    }
  });

  it('"%" and "_" are letters, not wildcards', async () => {
    for (const query of ['cuisine=%25', 'cuisine=_______', 'q=%25']) {
      expect(await (await fetch(`${base}/?${query}`)).text(), query).toContain(
        'No restaurants match',
      );
    }
    expect(await (await fetch(`${base}/?cuisine=indian`)).text()).toContain('Saffron Tandoor');
  });

  it('a NUL in a restaurant or order address is a normal 404', async () => {
    for (const path of ['/r/%00', '/orders/%00']) {
      const response = await fetch(`${base}${path}`, { headers: { cookie: customer } });
      expect(response.status, path).toBe(404);
    }
  });
});
