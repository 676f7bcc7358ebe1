// A local HTTP server that answers the Stripe API calls Tiffin makes with Stripe's documented
// response shapes, since Stripe itself can't be reached from tests. Point the official SDK at it
// with its host/port/protocol options; it remembers the intents it created, so a retrieve returns
// the same intent and client secret, and records every request for assertions.
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

export interface StripeRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  form: URLSearchParams;
}

export interface StripeShapedServer {
  /** The SDK's `host`/`port`/`protocol` options that reach this server. */
  api: { host: string; port: number; protocol: 'http' };
  /** Every request received, oldest first; `clear()` empties it. */
  requests: StripeRequest[];
  /** The next request gets this answer instead (once), to test how failures surface. */
  failNext(status: number, body: unknown): void;
  clear(): void;
  stop(): Promise<void>;
}

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string | null;
  status: string;
  client_secret: string;
  metadata: Record<string, string | null>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startStripeShapedServer(): Promise<StripeShapedServer> {
  const requests: StripeRequest[] = [];
  const intents = new Map<string, Intent>();
  /** Like Stripe: the same idempotency key gives back the first answer. */
  const byKey = new Map<string, Intent>();
  let failure: { status: number; body: unknown } | null = null;

  function answer(method: string, path: string, form: URLSearchParams, key: string | undefined) {
    if (method === 'POST' && path === '/v1/payment_intents') {
      const earlier = key ? byKey.get(key) : undefined;
      if (earlier) return earlier;
      const id = `pi_${(key ?? randomBytes(12).toString('hex')).replace(/[^a-z0-9]/gi, '').slice(-24)}`;
      const intent: Intent = {
        id,
        object: 'payment_intent',
        amount: Number(form.get('amount')),
        currency: form.get('currency'),
        status: 'requires_payment_method',
        client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
        metadata: {
          orderId: form.get('metadata[orderId]'),
          paymentId: form.get('metadata[paymentId]'),
        },
      };
      intents.set(id, intent);
      if (key) byKey.set(key, intent);
      return intent;
    }
    const retrieve = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === 'GET' && retrieve) return intents.get(retrieve[1]!) ?? null;
    if (method === 'POST' && path === '/v1/refunds') {
      return {
        id: 're_test_123',
        object: 'refund',
        amount: Number(form.get('amount')),
        payment_intent: form.get('payment_intent'),
        status: 'succeeded',
      };
    }
    return null;
  }

  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const path = (req.url ?? '').split('?')[0]!;
      const method = req.method ?? '';
      const form = new URLSearchParams(body);
      const key = req.headers['idempotency-key'] as string | undefined;
      requests.push({
        method,
        path,
        idempotencyKey: key,
        authorization: req.headers.authorization,
        form,
      });
      res.setHeader('content-type', 'application/json');
      if (failure) {
        res.statusCode = failure.status;
        res.end(JSON.stringify(failure.body));
        failure = null;
        return;
      }
      const reply = answer(method, path, form, key);
      res.statusCode = reply ? 200 : 404;
      res.end(
        JSON.stringify(
          reply ?? {
            error: { type: 'invalid_request_error', message: `No such resource: ${path}` },
          },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: { host: '127.0.0.1', port, protocol: 'http' },
    requests,
    failNext(status, body) {
      failure = { status, body };
    },
    clear() {
      requests.length = 0;
      failure = null;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
