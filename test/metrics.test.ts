// /api/metrics on web and worker: the named series are there, and the counters move when orders
// are placed, replayed and refused. Bearer-protected in production.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { createTestDatabase, waitUntil as until } from '../packages/db/src/testing/test-database';
import type { TestDatabase } from '../packages/db/src/testing/test-database';
import { freePort, startRedis } from '../scripts/lib/services';
import type { RunningService } from '../scripts/lib/services';
import { signIn, trpc } from '../scripts/lib/session';
import { startWeb, startWorker, waitForHttp } from '../scripts/lib/stack';
import type { RunningApp } from '../scripts/lib/stack';

const TOKEN = 'metrics-test-token-0123456789';
let t: TestDatabase;
let redis: RunningService;
let web: RunningApp;
let worker: RunningApp;
let webUrl: string;
let workerUrl: string;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = await startRedis({});
  const [webPort, workerPort] = [await freePort(), await freePort()];
  const env = {
    databaseUrl: t.url,
    redisUrl: redis.url,
    authSecret: 'metrics-test-secret-0123456789abcdefghijk',
    port: webPort,
    extra: {
      METRICS_TOKEN: TOKEN,
      SIM_SPEED: '1000',
      WORKER_HTTP_PORT: String(workerPort),
      REFILL_ON_START: 'true',
    },
  };
  web = startWeb(env, { sink: () => undefined });
  worker = startWorker(env, { sink: () => undefined });
  webUrl = `http://localhost:${webPort}`;
  workerUrl = `http://localhost:${workerPort}`;
  await waitForHttp(`${webUrl}/api/health/live`, web);
  await waitForHttp(`${workerUrl}/api/health/live`, worker);
});
afterAll(async () => {
  await web?.stop();
  await worker?.stop();
  await redis?.stop();
  await t?.drop();
});

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/api/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** The sum of a series' samples whose labels contain `labels` (all of them when omitted). */
function value(text: string, name: string, labels = ''): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('metrics', () => {
  it('need the bearer token in production', async () => {
    expect((await fetch(`${webUrl}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${workerUrl}/api/metrics`)).status).toBe(401);
  });

  it('web: request series, and orders placed / replayed / refused move with real orders', async () => {
    const cookie = await signIn(webUrl, 'customer@tiffin.test', 'tiffin-demo-1');
    const item = await t.db.menuItem.findFirstOrThrow({ where: { stock: { gte: 20 } } });
    const before = await scrape(webUrl);
    for (const series of [
      'http_request_duration_seconds_count',
      'process_cpu_user_seconds_total',
      'ws_connections',
      'tracking_subscriptions',
    ]) {
      expect(before, series).toContain(series);
    }

    const key = randomUUID();
    const order = {
      items: [{ menuItemId: item.id, quantity: 1 }],
      deliveryAddress: '9 Metric Mews',
      idempotencyKey: key,
    };
    expect((await trpc(webUrl, 'order.place', order, { cookie })).status).toBe(200);
    expect((await trpc(webUrl, 'order.place', order, { cookie })).status).toBe(200);
    await t.db.menuItem.update({ where: { id: item.id }, data: { stock: 0 } });
    const refused = await trpc(
      webUrl,
      'order.place',
      { ...order, idempotencyKey: randomUUID() },
      { cookie },
    );
    expect(refused.status).toBe(409);

    const after = await scrape(webUrl);
    expect(value(after, 'orders_placed_total') - value(before, 'orders_placed_total')).toBe(1);
    expect(
      value(after, 'idempotent_replays_total') - value(before, 'idempotent_replays_total'),
    ).toBe(1);
    expect(value(after, 'order_conflicts_total') - value(before, 'order_conflicts_total')).toBe(1);
    const placeCalls = (text: string, outcome: string) =>
      value(
        text,
        'trpc_request_duration_seconds_count',
        `procedure="order.place",type="mutation",outcome="${outcome}"`,
      );
    expect(placeCalls(after, 'ok') - placeCalls(before, 'ok')).toBe(2);
    expect(placeCalls(after, 'CONFLICT') - placeCalls(before, 'CONFLICT')).toBe(1);
  });

  it('worker: events handled, outbox, streams, dead letters, timers and refill series; they move after an order', async () => {
    await until(
      'the order to be delivered',
      async () => (await t.db.order.count({ where: { status: 'delivered' } })) >= 1,
    );
    const text = await scrape(workerUrl);
    for (const series of [
      'events_handled_total',
      'event_handler_duration_seconds_bucket',
      'outbox_unpublished_rows',
      'outbox_oldest_unpublished_age_seconds',
      'outbox_publish_latency_seconds_count',
      'stream_length',
      'stream_group_pending',
      'stream_group_lag',
      'dead_letters',
      'timers_pending',
      'timers_fired_total',
      'refill_runs_total',
      'process_resident_memory_bytes',
    ]) {
      expect(text, series).toContain(series);
    }
    expect(
      value(
        text,
        'events_handled_total',
        'group="delivery",type="order.status_changed.v1",outcome="ok"',
      ),
    ).toBeGreaterThanOrEqual(4);
    expect(value(text, 'timers_fired_total')).toBeGreaterThanOrEqual(5);
    expect(value(text, 'outbox_publish_latency_seconds_count')).toBeGreaterThan(0);
    expect(value(text, 'refill_runs_total')).toBe(1);
  });
});
