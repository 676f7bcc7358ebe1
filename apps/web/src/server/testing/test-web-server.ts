// Whole-server test fixtures: the real production web (next build + server.ts) on a database
// cloned for one test file and the suite's Redis, and a tRPC WebSocket client signed in the two
// ways a real one is (a browser's cookie, or an API token in connectionParams).
import fs from 'node:fs';
import path from 'node:path';

import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import { inject } from 'vitest';
import WebSocket from 'ws';

import type { AppRouter } from '@tiffin/api';
import type { RunningApp } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { freePort, repoRoot, SHARED_REDIS_TEST_LIMITS, startWeb, waitForHttp } from '@tiffin/stack';
import { createTestDatabase, testRedisUrl } from '@tiffin/stack/testing';

export interface TestWebServer {
  t: TestDatabase;
  web: RunningApp;
  port: number;
  /** `http://localhost:<port>`: the host next-auth's cookies are set for. */
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the built web on its own database. Abuse limits are lifted (SHARED_REDIS_TEST_LIMITS)
 * unless `extra` sets them; `extra` is the rest of the web's environment.
 */
export async function startTestWebServer(opts: {
  authSecret: string;
  extra?: Record<string, string>;
  sink?: (line: string) => void;
}): Promise<TestWebServer> {
  if (!fs.existsSync(path.join(repoRoot, 'apps', 'web', '.next', 'BUILD_ID'))) {
    throw new Error(
      'apps/web is not built: run `npm run build -w @tiffin/web` (npm test does it).',
    );
  }
  const t = await createTestDatabase(inject('pgAdminUrl'));
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const web = startWeb(
    {
      databaseUrl: t.url,
      redisUrl: testRedisUrl(),
      authSecret: opts.authSecret,
      port,
      extra: { ...SHARED_REDIS_TEST_LIMITS, ...opts.extra },
    },
    { sink: opts.sink ?? (() => undefined) },
  );
  try {
    await waitForHttp(`${baseUrl}/`, web);
  } catch (error) {
    await web.stop();
    await t.drop();
    throw error;
  }
  return {
    t,
    web,
    port,
    baseUrl,
    async stop() {
      await web.stop();
      await t.drop();
    },
  };
}

/** A tRPC client over the server's WebSocket, signed in by a cookie or by an API token. */
export function socketClient(port: number, auth: { cookie: string } | { token: string }) {
  const cookie = 'cookie' in auth ? auth.cookie : undefined;
  // A browser tab sends its cookie with the upgrade request; ws takes it as a header.
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
    }
  }
  const wsClient = createWSClient({
    url: `ws://localhost:${port}/api/trpc-ws`,
    // ws's class stands in for the browser's WebSocket, whose type tRPC's client names.
    WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    ...('token' in auth ? { connectionParams: { token: auth.token } } : {}),
    retryDelayMs: () => 200,
  });
  const client = createTRPCClient<AppRouter>({
    links: [wsLink({ client: wsClient, transformer: superjson })],
  });
  return { client, close: () => void wsClient.close() };
}
