// API tokens against the real production server (next build + server.ts), PostgreSQL and Redis:
// a token is shown once and stored hashed, signs calls in over HTTP (Bearer) and over the
// WebSocket (connectionParams), carries its owner's role, and is refused once revoked, expired or
// its owner disabled; creation is rate-limited and capped. Every account here is new.
import type { TRPCClientError } from '@trpc/client';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AppRouter } from '@tiffin/api';
import type { TestDatabase } from '@tiffin/stack/testing';
import { TOKEN_CREATIONS_PER_USER_PER_HOUR } from '@tiffin/api';
import { createApiToken, MAX_LIVE_TOKENS_PER_USER, person } from '@tiffin/domain';
import { signIn, trpc } from '@tiffin/stack';
import { waitUntil } from '@tiffin/stack/testing';

import type { TestWebServer } from './testing/test-web-server';
import { socketClient, startTestWebServer } from './testing/test-web-server';

const PASSWORD = 'token test password';

let t: TestDatabase;
let server: TestWebServer;
let port: number;
let baseUrl: string;
let dishId: string;

interface CreatedToken {
  id: string;
  token: string;
  prefix: string;
  expiresAt: Date | null;
}

async function newCustomer(): Promise<{ email: string; cookie: string }> {
  const email = `token-${randomBytes(4).toString('hex')}@example.com`;
  const reply = await trpc(baseUrl, 'auth.signUp', { email, password: PASSWORD, name: 'To Ken' });
  expect(reply.status).toBe(200);
  return { email, cookie: await signIn(baseUrl, email, PASSWORD) };
}

async function createToken(cookie: string, name = 'script'): Promise<CreatedToken> {
  const reply = await trpc<CreatedToken>(baseUrl, 'auth.createToken', { name }, { cookie });
  expect(reply.status).toBe(200);
  return reply.data!;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

async function meWith(token: string) {
  return trpc<{ email: string; role: string } | null>(baseUrl, 'auth.me', undefined, {
    ...bearer(token),
    kind: 'query',
  });
}

/** A WebSocket tRPC client that signs in with a token, as @tiffin/client does. */
const tokenSocket = (token: string) => socketClient(port, { token });

beforeAll(async () => {
  server = await startTestWebServer({
    authSecret: 'token-test-secret-0123456789abcdefghijkl',
    extra: { SIM_ENABLED: 'false' },
  });
  ({ t, port, baseUrl } = server);
  const dish = await t.db.menuItem.findFirstOrThrow({
    where: { restaurant: { slug: 'casa-verde' } },
  });
  await t.db.menuItem.update({ where: { id: dish.id }, data: { stock: 10_000 } });
  dishId = dish.id;
});
afterAll(async () => {
  await server?.stop();
});

describe('creating a token', () => {
  it('is shown once, stored only as its SHA-256, and listed by name and first characters', async () => {
    const { email, cookie } = await newCustomer();
    const created = await createToken(cookie, 'my laptop');
    expect(created.token).toMatch(/^tfn_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);

    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row.userId).toBe((await t.db.user.findUniqueOrThrow({ where: { email } })).id);

    const listed = await trpc<Record<string, unknown>[]>(baseUrl, 'auth.listTokens', undefined, {
      cookie,
      kind: 'query',
    });
    expect(listed.data).toHaveLength(1);
    expect(listed.data![0]).toMatchObject({ id: created.id, name: 'my laptop', revokedAt: null });
    expect(JSON.stringify(listed.data)).not.toContain(created.token);
    expect(listed.data![0]).not.toHaveProperty('tokenHash');
  });

  it('with expiresInDays, expires that many days from now', async () => {
    const { cookie } = await newCustomer();
    const reply = await trpc<CreatedToken>(
      baseUrl,
      'auth.createToken',
      { name: 'ci', expiresInDays: 30 },
      { cookie },
    );
    expect(reply.status).toBe(200);
    const days = (reply.data!.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    const { cookie } = await newCustomer();
    const before = await t.db.apiToken.count();
    const zeroDays = await trpc(
      baseUrl,
      'auth.createToken',
      { name: 'x', expiresInDays: 0 },
      { cookie },
    );
    expect(zeroDays.status).toBe(400);
    expect(zeroDays.error?.message).toBe('A token lives at least one day');
    const noName = await trpc(baseUrl, 'auth.createToken', { name: '  ' }, { cookie });
    expect(noName.status).toBe(400);
    expect(noName.error?.message).toBe('Name the token');
    const signedOut = await trpc(baseUrl, 'auth.createToken', { name: 'x' });
    expect(signedOut.status).toBe(401);
    expect(await t.db.apiToken.count()).toBe(before);
  });

  it('cannot be done with a token: a leaked token mints no successors', async () => {
    const { cookie } = await newCustomer();
    const { token } = await createToken(cookie);
    const before = await t.db.apiToken.count();
    const reply = await trpc(baseUrl, 'auth.createToken', { name: 'child' }, bearer(token));
    expect(reply.status).toBe(403);
    expect(reply.error?.message).toMatch(/account page/);
    expect(await t.db.apiToken.count()).toBe(before);
  });

  it(`is rate-limited: ${TOKEN_CREATIONS_PER_USER_PER_HOUR} an hour per person, then 429 with Retry-After`, async () => {
    const { cookie } = await newCustomer();
    for (let n = 1; n <= TOKEN_CREATIONS_PER_USER_PER_HOUR; n++) await createToken(cookie, `t${n}`);
    const refused = await trpc(baseUrl, 'auth.createToken', { name: 'one more' }, { cookie });
    expect(refused.status).toBe(429);
    expect(refused.error?.data.domainCode).toBe('RATE_LIMITED');
    expect(refused.error?.message).toMatch(/^Too many new API tokens in an hour\. Try again in/);
    const listed = await trpc<unknown[]>(baseUrl, 'auth.listTokens', undefined, {
      cookie,
      kind: 'query',
    });
    expect(listed.data).toHaveLength(TOKEN_CREATIONS_PER_USER_PER_HOUR);
    // Another person is not affected.
    await createToken((await newCustomer()).cookie);
  });

  it(`is capped at ${MAX_LIVE_TOKENS_PER_USER} live tokens; racing creations at the cap: exactly one wins`, async () => {
    const { email, cookie } = await newCustomer();
    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    const actor = person(user);
    for (let n = 1; n < MAX_LIVE_TOKENS_PER_USER; n++) {
      await t.db.$transaction((tx) => createApiToken(tx, actor, { name: `old ${n}` }));
    }
    const racing = await Promise.all([
      trpc(baseUrl, 'auth.createToken', { name: 'racer a' }, { cookie }),
      trpc(baseUrl, 'auth.createToken', { name: 'racer b' }, { cookie }),
    ]);
    expect(racing.map((r) => r.status).sort()).toEqual([200, 400]);
    const loser = racing.find((r) => r.status === 400)!;
    expect(loser.error?.message).toMatch(/revoke one you no longer use first/);
    expect(await t.db.apiToken.count({ where: { userId: user.id } })).toBe(
      MAX_LIVE_TOKENS_PER_USER,
    );
  });
});

describe('using a token over HTTP', () => {
  it('signs the call in as its owner, with the owner’s role, and records its use', async () => {
    const { email, cookie } = await newCustomer();
    const { id, token } = await createToken(cookie);
    const me = await meWith(token);
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ email, role: 'CUSTOMER' });

    const placed = await trpc<{ orderId: string }>(
      baseUrl,
      'order.place',
      {
        items: [{ menuItemId: dishId, quantity: 1 }],
        deliveryAddress: '3 Token Street',
        idempotencyKey: randomUUID(),
      },
      bearer(token),
    );
    expect(placed.status).toBe(200);
    const order = await t.db.order.findUniqueOrThrow({ where: { id: placed.data!.orderId } });
    expect(order.userId).toBe((await t.db.user.findUniqueOrThrow({ where: { email } })).id);
    await waitUntil(
      'lastUsedAt recorded',
      async () => (await t.db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt !== null,
    );

    // A courier's token reaches the courier console; a customer's does not.
    const courier = await t.db.user.findFirstOrThrow({ where: { email: 'courier@tiffin.test' } });
    const courierToken = (
      await t.db.$transaction((tx) => createApiToken(tx, person(courier), { name: 'bike' }))
    ).token;
    expect((await meWith(courierToken)).data?.role).toBe('COURIER');
    const asCourier = await trpc(baseUrl, 'courier.offers', undefined, {
      ...bearer(courierToken),
      kind: 'query',
    });
    const asCustomer = await trpc(baseUrl, 'courier.offers', undefined, {
      ...bearer(token),
      kind: 'query',
    });
    expect(asCourier.status).toBe(200);
    expect(asCustomer.status).toBe(403);
  });

  it('an unknown or malformed token is refused with UNAUTHORIZED, even on public procedures', async () => {
    for (const token of ['tfn_' + 'A'.repeat(43), 'not-a-token']) {
      const reply = await trpc(baseUrl, 'restaurant.list', {}, { ...bearer(token), kind: 'query' });
      expect(reply.status).toBe(401);
      expect(reply.error?.message).toBe(
        'This API token is not valid. Check it, or create a new one on your account page.',
      );
    }
  });

  it('a revoked token is refused at once; revoking someone else’s token is NOT_FOUND', async () => {
    const { cookie } = await newCustomer();
    const { id, token } = await createToken(cookie);
    expect((await meWith(token)).status).toBe(200);

    const stranger = await newCustomer();
    const theirs = await trpc(baseUrl, 'auth.revokeToken', { id }, { cookie: stranger.cookie });
    expect(theirs.status).toBe(404);
    expect((await meWith(token)).status).toBe(200);

    const revoked = await trpc<{ revokedAt: Date | null }>(
      baseUrl,
      'auth.revokeToken',
      { id },
      { cookie },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.data?.revokedAt).toBeInstanceOf(Date);
    const refused = await meWith(token);
    expect(refused.status).toBe(401);
    expect(refused.error?.data.code).toBe('UNAUTHORIZED');
    expect(refused.error?.message).toBe(
      'This API token has been revoked. Create a new one on your account page.',
    );
  });

  it('an expired token is refused', async () => {
    const { cookie } = await newCustomer();
    const { id, token } = await createToken(cookie);
    await t.db.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const refused = await meWith(token);
    expect(refused.status).toBe(401);
    expect(refused.error?.message).toBe(
      'This API token has expired. Create a new one on your account page.',
    );
  });

  it('a disabled owner’s token is refused (within the token cache’s few seconds)', async () => {
    const { email, cookie } = await newCustomer();
    const { token } = await createToken(cookie);
    expect((await meWith(token)).status).toBe(200);
    const admin = await signIn(baseUrl, 'admin@tiffin.test', 'tiffin-demo-1');
    const disabled = await trpc(
      baseUrl,
      'admin.setDisabled',
      { email, disabled: true },
      { cookie: admin },
    );
    expect(disabled.status).toBe(200);
    await waitUntil('token refused', async () => (await meWith(token)).status === 401, 5_000);
    expect((await meWith(token)).error?.message).toBe(
      'The account this API token belongs to is disabled.',
    );
  });
});

describe('using a token over the WebSocket', () => {
  it('subscribes to its own order’s tracking; revoking the token ends the subscription', async () => {
    const { cookie } = await newCustomer();
    const { id, token } = await createToken(cookie);
    const placed = await trpc<{ orderId: string }>(
      baseUrl,
      'order.place',
      {
        items: [{ menuItemId: dishId, quantity: 1 }],
        deliveryAddress: '4 Socket Street',
        idempotencyKey: randomUUID(),
      },
      bearer(token),
    );
    const orderId = placed.data!.orderId;
    const socket = tokenSocket(token);
    const messages: { kind: string; status?: string }[] = [];
    let ended: TRPCClientError<AppRouter> | null = null;
    const subscription = socket.client.order.track.subscribe(
      { orderId },
      {
        onData: (tracked) => messages.push('data' in tracked ? tracked.data : tracked),
        onError: (error) => (ended = error),
      },
    );
    try {
      await waitUntil('snapshot', () => messages.some((m) => m.kind === 'snapshot'));
      expect(messages[0]).toMatchObject({ kind: 'snapshot', status: 'created' });

      await trpc(baseUrl, 'auth.revokeToken', { id }, { cookie });
      await waitUntil('subscription ended', () => ended !== null, 15_000);
      expect(ended!.data?.code).toBe('UNAUTHORIZED');
    } finally {
      subscription.unsubscribe();
      socket.close();
    }
  });

  it('a revoked token’s socket is refused; another person’s order is not theirs to track', async () => {
    const owner = await newCustomer();
    const placed = await trpc<{ orderId: string }>(
      baseUrl,
      'order.place',
      {
        items: [{ menuItemId: dishId, quantity: 1 }],
        deliveryAddress: '5 Socket Street',
        idempotencyKey: randomUUID(),
      },
      { cookie: owner.cookie },
    );
    const { cookie } = await newCustomer();
    const { id, token } = await createToken(cookie);

    const errorOf = async (tokenToUse: string) => {
      const socket = tokenSocket(tokenToUse);
      try {
        return await new Promise<TRPCClientError<AppRouter>>((resolve) => {
          socket.client.order.track.subscribe(
            { orderId: placed.data!.orderId },
            { onError: resolve, onData: () => undefined },
          );
        });
      } finally {
        socket.close();
      }
    };
    expect((await errorOf(token)).data?.code).toBe('FORBIDDEN');
    await trpc(baseUrl, 'auth.revokeToken', { id }, { cookie });
    const refused = await errorOf(token);
    expect(refused.data?.code).toBe('UNAUTHORIZED');
    expect(refused.message).toMatch(/revoked/);
  });
});
