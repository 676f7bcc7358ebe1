// Revocable sessions against the real production server (next build + server.ts), PostgreSQL and
// Redis: signing out, a new password, and an admin's role change or disable each end the
// account's existing sessions, over HTTP and over the WebSocket (a live subscription ends with
// UNAUTHORIZED). Every account here is new, so no other test's sessions are touched.
import type { TRPCClientError } from '@trpc/client';
import { randomBytes, randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AppRouter } from '@tiffin/api';
import type { TestDatabase } from '@tiffin/stack/testing';
import { signIn, trpc } from '@tiffin/stack';
import { waitUntil } from '@tiffin/stack/testing';

import type { TestWebServer } from './testing/test-web-server';
import { socketClient, startTestWebServer } from './testing/test-web-server';

const PASSWORD = 'first password here';

let t: TestDatabase;
let server: TestWebServer;
let port: number;
let baseUrl: string;
let dishId: string;

async function newCustomer(): Promise<string> {
  const email = `session-${randomBytes(4).toString('hex')}@example.com`;
  const reply = await trpc(baseUrl, 'auth.signUp', { email, password: PASSWORD, name: 'Sess Ion' });
  expect(reply.status).toBe(200);
  return email;
}

async function ordersStatus(cookie: string): Promise<number> {
  return (await trpc(baseUrl, 'order.mine', undefined, { cookie, kind: 'query' })).status;
}

/** next-auth's sign-out as the browser sends it: the CSRF token, then a POST with the cookie. */
async function signOut(cookie: string): Promise<void> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
  const response = await fetch(`${baseUrl}/api/auth/signout`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [cookie, ...csrfCookie].join('; '),
    },
    body: new URLSearchParams({ csrfToken, json: 'true' }),
  });
  expect(response.status).toBe(200);
}

async function placeOrder(cookie: string): Promise<string> {
  const placed = await trpc<{ orderId: string }>(
    baseUrl,
    'order.place',
    {
      items: [{ menuItemId: dishId, quantity: 1 }],
      deliveryAddress: '2 Session Street',
      idempotencyKey: randomUUID(),
    },
    { cookie },
  );
  expect(placed.status).toBe(200);
  return placed.data!.orderId;
}

/** A WebSocket tRPC client with the cookie, as a signed-in browser tab opens it. */
const cookieSocket = (cookie: string) => socketClient(port, { cookie });

beforeAll(async () => {
  server = await startTestWebServer({
    authSecret: 'session-test-secret-0123456789abcdefghij',
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

describe('over HTTP', () => {
  it('after sign-out, the old cookie gets UNAUTHORIZED on order.mine', async () => {
    const email = await newCustomer();
    const cookie = await signIn(baseUrl, email, PASSWORD);
    const otherDevice = await signIn(baseUrl, email, PASSWORD);
    expect(await ordersStatus(cookie)).toBe(200);

    await signOut(cookie);

    const reply = await trpc(baseUrl, 'order.mine', undefined, { cookie, kind: 'query' });
    expect(reply.status).toBe(401);
    expect(reply.error?.data.code).toBe('UNAUTHORIZED');
    // Signing out ends every session of the account, the other device's too.
    expect(await ordersStatus(otherDevice)).toBe(401);
    // The session endpoint agrees: no user.
    const session = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie } });
    expect(await session.json()).toEqual({});
    // Signing in again works.
    expect(await ordersStatus(await signIn(baseUrl, email, PASSWORD))).toBe(200);
  });

  it('a password change ends every session; only the new password signs in', async () => {
    const email = await newCustomer();
    const cookie = await signIn(baseUrl, email, PASSWORD);
    const otherDevice = await signIn(baseUrl, email, PASSWORD);

    const wrong = await trpc(
      baseUrl,
      'auth.changePassword',
      { currentPassword: 'not it at all', newPassword: 'second password here' },
      { cookie },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.error?.message).toBe('Your current password is not right.');
    expect(await ordersStatus(cookie)).toBe(200);

    const changed = await trpc(
      baseUrl,
      'auth.changePassword',
      { currentPassword: PASSWORD, newPassword: 'second password here' },
      { cookie },
    );
    expect(changed.status).toBe(200);
    expect(await ordersStatus(cookie)).toBe(401);
    expect(await ordersStatus(otherDevice)).toBe(401);
    await expect(signIn(baseUrl, email, PASSWORD)).rejects.toThrow(/sign-in failed/);
    expect(await ordersStatus(await signIn(baseUrl, email, 'second password here'))).toBe(200);
  });

  it('an admin’s role change ends the account’s sessions; the next sign-in has the new role', async () => {
    const email = await newCustomer();
    const cookie = await signIn(baseUrl, email, PASSWORD);
    const admin = await signIn(baseUrl, 'admin@tiffin.test', 'tiffin-demo-1');

    const set = await trpc(baseUrl, 'admin.setRole', { email, role: 'COURIER' }, { cookie: admin });
    expect(set.status).toBe(200);

    expect(await ordersStatus(cookie)).toBe(401);
    const me = await trpc<{ role: string } | null>(baseUrl, 'auth.me', undefined, {
      cookie,
      kind: 'query',
    });
    expect(me.data).toBeNull();
    const fresh = await signIn(baseUrl, email, PASSWORD);
    const meAgain = await trpc<{ role: string } | null>(baseUrl, 'auth.me', undefined, {
      cookie: fresh,
      kind: 'query',
    });
    expect(meAgain.data?.role).toBe('COURIER');
    // The admin's own session is untouched.
    expect(await ordersStatus(admin)).toBe(200);
  });

  it('an admin disables an account: its sessions end and it cannot sign in until enabled', async () => {
    const email = await newCustomer();
    const cookie = await signIn(baseUrl, email, PASSWORD);
    const admin = await signIn(baseUrl, 'admin@tiffin.test', 'tiffin-demo-1');

    const disabled = await trpc(
      baseUrl,
      'admin.setDisabled',
      { email, disabled: true },
      { cookie: admin },
    );
    expect(disabled.status).toBe(200);
    expect(await ordersStatus(cookie)).toBe(401);
    await expect(signIn(baseUrl, email, PASSWORD)).rejects.toThrow(/sign-in failed/);
    const row = await t.db.user.findUniqueOrThrow({ where: { email } });
    expect(row.disabledAt).not.toBeNull();

    const enabled = await trpc(
      baseUrl,
      'admin.setDisabled',
      { email, disabled: false },
      { cookie: admin },
    );
    expect(enabled.status).toBe(200);
    expect(await ordersStatus(cookie)).toBe(401);
    expect(await ordersStatus(await signIn(baseUrl, email, PASSWORD))).toBe(200);
  });
});

describe('over the WebSocket', () => {
  it('a live subscription ends with UNAUTHORIZED after sign-out, and new ones on the socket are refused', async () => {
    const email = await newCustomer();
    const cookie = await signIn(baseUrl, email, PASSWORD);
    const orderId = await placeOrder(cookie);
    const socket = cookieSocket(cookie);
    try {
      let messages = 0;
      let error: TRPCClientError<AppRouter> | undefined;
      const subscription = socket.client.order.track.subscribe(
        { orderId },
        { onData: () => void messages++, onError: (e) => (error = e) },
      );
      await waitUntil('the snapshot', () => messages > 0, 10_000, 20);

      await signOut(cookie);

      // The subscription rechecks its session every 5 s.
      await waitUntil('the subscription to end', () => error !== undefined, 15_000, 50);
      expect(error?.data?.code).toBe('UNAUTHORIZED');
      expect(error?.message).toBe('Your session has ended. Sign in again.');
      let again: TRPCClientError<AppRouter> | undefined;
      const retry = socket.client.order.track.subscribe(
        { orderId },
        { onError: (e) => (again = e) },
      );
      await waitUntil('the new subscription to be refused', () => again !== undefined, 10_000, 20);
      expect(again?.data?.code).toBe('UNAUTHORIZED');
      retry.unsubscribe();
      subscription.unsubscribe();
    } finally {
      socket.close();
    }
  });

  it('an admin disabling the account ends its live subscription too', async () => {
    const email = await newCustomer();
    const cookie = await signIn(baseUrl, email, PASSWORD);
    const orderId = await placeOrder(cookie);
    const admin = await signIn(baseUrl, 'admin@tiffin.test', 'tiffin-demo-1');
    const socket = cookieSocket(cookie);
    try {
      let messages = 0;
      let error: TRPCClientError<AppRouter> | undefined;
      socket.client.order.track.subscribe(
        { orderId },
        { onData: () => void messages++, onError: (e) => (error = e) },
      );
      await waitUntil('the snapshot', () => messages > 0, 10_000, 20);
      const disabled = await trpc(
        baseUrl,
        'admin.setDisabled',
        { email, disabled: true },
        { cookie: admin },
      );
      expect(disabled.status).toBe(200);
      await waitUntil('the subscription to end', () => error !== undefined, 15_000, 50);
      expect(error?.data?.code).toBe('UNAUTHORIZED');
    } finally {
      socket.close();
    }
  });
});
