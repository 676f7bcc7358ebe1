// The sandbox's webhook delivery on the worker's real durable timers (own redis-server) against a
// local HTTP endpoint: each attempt is signed afresh in Stripe's scheme, a failing endpoint is
// retried with backoff until it answers 2xx, and then it is delivered exactly once.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { OwnTestRedis } from '@tiffin/stack/testing';
import { SANDBOX_SIGNATURE_HEADER, verifyWebhookSignature } from '@tiffin/domain';
import { createLogger } from '@tiffin/events/logger';
import { startOwnTestRedis, waitUntil } from '@tiffin/stack/testing';

import type { TimerTask } from './timer-tasks';
import { DurableTimers } from './durable-timers';
import { scheduleWebhookDelivery, webhookBackoffMs, webhookDeliveryHandler } from './payment-tasks';
import { fireByKind } from './timer-tasks';

const SECRET = 'worker-test-webhook-secret';

let redisServer: OwnTestRedis;
let redis: RedisClient;
let http: Server;
let url: string;
/** Status codes the endpoint answers with, in turn; 200 once they run out. */
let answers: number[] = [];
const received: { body: string; signatureValid: boolean }[] = [];

beforeAll(async () => {
  redisServer = await startOwnTestRedis();
  redis = redisServer.connect();
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      let signatureValid = true;
      try {
        verifyWebhookSignature(body, req.headers[SANDBOX_SIGNATURE_HEADER] as string, SECRET);
      } catch {
        signatureValid = false;
      }
      received.push({ body, signatureValid });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/payments/webhook`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  redis.disconnect();
  await redisServer.stop();
});

describe('webhook delivery', () => {
  it('backs off from 1 s, doubling, capped at 5 minutes', () => {
    expect([1, 2, 3, 10, 20].map(webhookBackoffMs)).toEqual([
      1_000, 2_000, 4_000, 300_000, 300_000,
    ]);
  });

  it('an endpoint failing twice gets the webhook on the third attempt, signed each time, once accepted', async () => {
    const log = createLogger('error', { service: 'test' });
    // The timers fire handlers; the handler schedules the next attempt on the same timers.
    const timers: DurableTimers<TimerTask> = new DurableTimers<TimerTask>({
      redis,
      log,
      fire: (id, task) => fire(id, task),
      maxPollMs: 50,
    });
    const unexpected = () => Promise.reject(new Error('not in this test'));
    const fire = fireByKind(
      {
        'acceptance-timeout': unexpected,
        'payment-timeout': unexpected,
        'autopilot-step': unexpected,
        'dispatch-fallback': unexpected,
        ride: unexpected,
        'webhook-delivery': (task) =>
          webhookDeliveryHandler(timers, { url, secret: SECRET }, log)(task),
      },
      log,
    );
    answers = [500, 503];
    received.length = 0;
    const body = JSON.stringify({ id: 'evt_sbx_retry', type: 'payment_intent.succeeded' });
    await timers.start();
    try {
      await scheduleWebhookDelivery(
        timers,
        {
          orderId: '00000000-0000-4000-8000-000000000001',
          eventId: 'evt_sbx_retry',
          body,
          attempt: 1,
        },
        Date.now(),
      );
      // Retried after 1 s, then 2 s: the real backoff.
      await waitUntil('three delivery attempts', () => received.length >= 3, 15_000);
      // Nothing more comes once it was accepted.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await timers.stop();
    }
    expect(received).toHaveLength(3);
    expect(received.every((r) => r.body === body && r.signatureValid)).toBe(true);
  });
});
