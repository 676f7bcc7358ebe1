// The abuse limits in front of next-auth and tRPC, against the real production server (next build
// + server.ts), a real PostgreSQL and a real Redis reached through a proxy the last test cuts.
// TRUST_PROXY=1 here, so each test speaks from its own X-Forwarded-For address and no count
// carries over between tests.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RunningApp } from '@tiffin/stack';
import type { TcpProxy, TestDatabase } from '@tiffin/stack/testing';
import { freePort, repoRoot, signIn, startWeb, trpc, waitForHttp } from '@tiffin/stack';
import { createTestDatabase, startTcpProxy, testRedisUrl } from '@tiffin/stack/testing';

import { signInErrorMessage } from '../lib/sign-in-errors';

const SIGNIN_FAILURES_PER_ACCOUNT = 10;
const AUTH_REQUESTS_PER_IP_PER_MINUTE = 25;
const PASSWORD = 'the right password';

let t: TestDatabase;
let web: RunningApp;
let proxy: TcpProxy;
let baseUrl: string;

/** An address no other test uses. */
const freshAddress = () => `10.${[...randomBytes(3)].join('.')}`;

/** A customer with PASSWORD, made through the API as anyone signs up. */
async function newAccount(address: string): Promise<string> {
  const email = `limits-${randomBytes(4).toString('hex')}@example.com`;
  const reply = await trpc(
    baseUrl,
    'auth.signUp',
    { email, password: PASSWORD, name: 'Limit Tester' },
    { headers: { 'x-forwarded-for': address } },
  );
  expect(reply.status).toBe(200);
  return email;
}

interface Attempt {
  status: number;
  retryAfter: string | null;
  error: string | null;
  signedIn: boolean;
}

/** One sign-in as next-auth's client sends it (CSRF token, form body, `json: true`). */
async function attemptSignIn(email: string, password: string, address: string): Promise<Attempt> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, {
    headers: { 'x-forwarded-for': address },
  });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': address,
      cookie: csrfCookie,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    error: body.url ? new URL(body.url).searchParams.get('error') : null,
    signedIn: response.headers
      .getSetCookie()
      .some((c) => /^next-auth\.session-token=[^;]+/.test(c)),
  };
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(repoRoot, 'apps', 'web', '.next', 'BUILD_ID'))) {
    throw new Error(
      'apps/web is not built: run `npm run build -w @tiffin/web` (npm test does it).',
    );
  }
  t = await createTestDatabase(inject('pgAdminUrl'));
  proxy = await startTcpProxy(testRedisUrl());
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  web = startWeb(
    {
      databaseUrl: t.url,
      redisUrl: proxy.url,
      authSecret: 'limits-test-secret-0123456789abcdefghijk',
      port,
      extra: {
        SIGNIN_FAILURES_PER_ACCOUNT: String(SIGNIN_FAILURES_PER_ACCOUNT),
        AUTH_REQUESTS_PER_IP_PER_MINUTE: String(AUTH_REQUESTS_PER_IP_PER_MINUTE),
        TRUST_PROXY: '1',
      },
    },
    { sink: () => undefined },
  );
  await waitForHttp(`${baseUrl}/`, web);
});
afterAll(async () => {
  await web?.stop();
  await proxy?.close();
  await t?.drop();
});

describe('sign-in brute force', () => {
  it('refuses an account after SIGNIN_FAILURES_PER_ACCOUNT failures with 429 and Retry-After; another account from the same address signs in', async () => {
    const address = freshAddress();
    const victim = await newAccount(address);
    const bystander = await newAccount(address);

    const attempts: Attempt[] = [];
    let firstRefusal: Attempt | undefined;
    while (!firstRefusal && attempts.length < 50) {
      const attempt = await attemptSignIn(victim, `guess number ${attempts.length}`, address);
      attempts.push(attempt);
      if (attempt.status === 429) firstRefusal = attempt;
    }
    const failures = attempts.filter((a) => a.status !== 429);
    // The figures: attempts before the first refusal, and the refusal's Retry-After.
    console.info(
      `brute force: ${failures.length} attempts before the first refusal; Retry-After: ${firstRefusal?.retryAfter} s`,
    );
    expect(failures).toHaveLength(SIGNIN_FAILURES_PER_ACCOUNT);
    expect(failures.every((a) => a.status === 401 && a.error === 'CredentialsSignin')).toBe(true);
    expect(firstRefusal).toBeDefined();
    const retryAfter = Number(firstRefusal!.retryAfter);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(firstRefusal!.error).toBe(`TooManySignIns:${retryAfter}`);
    expect(signInErrorMessage(firstRefusal!.error)).toBe(
      'Too many sign-in attempts. Try again in 15 minutes.',
    );

    // Locked out even with the right password, until the window ends.
    const rightPassword = await attemptSignIn(victim, PASSWORD, address);
    expect(rightPassword.status).toBe(429);
    expect(rightPassword.signedIn).toBe(false);

    // A second account from the same address is not affected.
    const other = await attemptSignIn(bystander, PASSWORD, address);
    expect(other.status).toBe(200);
    expect(other.signedIn).toBe(true);
  });

  it('a successful sign-in clears the failures counted so far', async () => {
    const address = freshAddress();
    const email = await newAccount(address);
    for (let i = 0; i < SIGNIN_FAILURES_PER_ACCOUNT - 1; i++) {
      expect((await attemptSignIn(email, 'wrong', address)).status).toBe(401);
    }
    expect((await attemptSignIn(email, PASSWORD, address)).signedIn).toBe(true);
    for (let i = 0; i < SIGNIN_FAILURES_PER_ACCOUNT; i++) {
      expect((await attemptSignIn(email, 'wrong', address)).status).toBe(401);
    }
    expect((await attemptSignIn(email, 'wrong', address)).status).toBe(429);
  });
});

describe('auth requests per address', () => {
  it('refuses the address after AUTH_REQUESTS_PER_IP_PER_MINUTE auth POSTs, whatever the account', async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_REQUESTS_PER_IP_PER_MINUTE + 1; i++) {
      const attempt = await attemptSignIn(`nobody-${i}@example.com`, 'wrong', address);
      statuses.push(attempt.status);
    }
    expect(statuses.slice(0, AUTH_REQUESTS_PER_IP_PER_MINUTE)).toEqual(
      Array(AUTH_REQUESTS_PER_IP_PER_MINUTE).fill(401),
    );
    const refused = await attemptSignIn('someone-else@example.com', 'wrong', address);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);

    // Sign-up over tRPC counts against the same address.
    const signUp = await trpc(
      baseUrl,
      'auth.signUp',
      { email: 'late@example.com', password: PASSWORD, name: 'Late' },
      { headers: { 'x-forwarded-for': address } },
    );
    expect(signUp.status).toBe(429);
    expect(signUp.error?.message).toMatch(
      /^Too many sign-in and sign-up requests from your network\. Try again in \d+ seconds?\.$/,
    );
    expect(await t.db.user.count({ where: { email: 'late@example.com' } })).toBe(0);
  });
});

// Last: it cuts this file's Redis proxy for good.
describe('while Redis is down', () => {
  it('sign-in fails closed with "try again shortly" while browsing, signed in or not, still works', async () => {
    const address = freshAddress();
    const email = await newAccount(address);
    const cookie = await signIn(baseUrl, await newAccount(address), PASSWORD, {
      headers: { 'x-forwarded-for': address },
    });
    await proxy.cut();

    const attempt = await attemptSignIn(email, PASSWORD, address);
    expect(attempt.status).toBe(503);
    expect(attempt.signedIn).toBe(false);
    expect(attempt.error).toBe('SignInUnavailable');
    expect(Number(attempt.retryAfter)).toBeGreaterThan(0);
    expect(signInErrorMessage(attempt.error)).toBe(
      'Sign-in is paused for a moment. Try again shortly.',
    );

    const restaurants = await trpc<unknown[]>(baseUrl, 'restaurant.list', undefined, {
      kind: 'query',
    });
    expect(restaurants.status).toBe(200);
    expect(restaurants.data?.length).toBeGreaterThan(0);
    const page = await fetch(`${baseUrl}/`);
    expect(page.status).toBe(200);
    // A session is checked against PostgreSQL while its cached version cannot be read.
    const mine = await trpc(baseUrl, 'order.mine', undefined, { cookie, kind: 'query' });
    expect(mine.status).toBe(200);
  });
});
