// Signs in through next-auth's real Credentials endpoint and returns the session cookie, so
// HTTP tests and benchmarks call the API exactly as a signed-in browser does.
import superjson from 'superjson';

function cookiesFrom(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
}

export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
  opts: { headers?: Record<string, string> } = {},
): Promise<string> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers: opts.headers });
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const csrfCookies = cookiesFrom(csrfResponse);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...opts.headers,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: csrfCookies.join('; '),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  const session = cookiesFrom(response).find((c) => c.includes('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed for ${email} (HTTP ${response.status})`);
  return session;
}

export interface TrpcReply<T> {
  status: number;
  data?: T;
  error?: { message: string; data: { code: string; [key: string]: unknown } };
}

/** One tRPC call over HTTP (no batching), superjson-encoded like the real client. */
export async function trpc<T = unknown>(
  baseUrl: string,
  procedure: string,
  input: unknown,
  opts: { cookie?: string; kind?: 'query' | 'mutation'; headers?: Record<string, string> } = {},
): Promise<TrpcReply<T>> {
  const headers: Record<string, string> = {
    ...opts.headers,
    ...(opts.cookie ? { cookie: opts.cookie } : {}),
  };
  const encoded = JSON.stringify(superjson.serialize(input));
  const response =
    opts.kind === 'query'
      ? await fetch(`${baseUrl}/api/trpc/${procedure}?input=${encodeURIComponent(encoded)}`, {
          headers,
        })
      : await fetch(`${baseUrl}/api/trpc/${procedure}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: encoded,
        });
  const body = (await response.json()) as {
    result?: { data: { json: unknown; meta?: object } };
    error?: { json: TrpcReply<T>['error'] };
  };
  if (body.result) {
    return { status: response.status, data: superjson.deserialize<T>(body.result.data as never) };
  }
  return { status: response.status, ...(body.error ? { error: body.error.json } : {}) };
}
