// /api/metrics on web and worker: every named series has samples, and the counters move when
// orders are placed, replayed and refused. Bearer-protected in production. A Redis outage does
// not fail the worker's scrape.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RunningApp, RunningService } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { STREAMS } from '@tiffin/events';
import {
  freePort,
  signIn,
  startRedis,
  startWeb,
  startWorker,
  trpc,
  waitForHttp,
} from '@tiffin/stack';
import { createTestDatabase, waitUntil as until } from '@tiffin/stack/testing';

const TOKEN = 'metrics-test-token-0123456789';
let t: TestDatabase;
let redis: RunningService;
let web: RunningApp;
let worker: RunningApp;
let webUrl: string;
let workerUrl: string;
const workerLines: string[] = [];

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
      // A 1.2 km ride in a few milliseconds: orders reach delivered by themselves.
      SIM_COURIER_SPEED_KMH: '100',
      WORKER_HTTP_PORT: String(workerPort),
      REFILL_ON_START: 'true',
    },
  };
  web = startWeb(env, { sink: () => undefined });
  worker = startWorker(env, { sink: (line) => workerLines.push(line) });
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

// A sample line of the text format: `name{label="value",…} number`. Label values may hold braces
// (stream names carry a `{tiffin}` hash tag), so they are matched as quoted strings.
const LABELS = String.raw`\{(?:[a-zA-Z_]\w*="(?:[^"\\]|\\.)*",?)*\}`;
const NUMBER = String.raw`(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|NaN|[+-]Inf)`;

/** The sample lines of one series (not its # HELP or # TYPE lines) whose labels contain `labels`. */
function samples(text: string, name: string, labels = ''): string[] {
  const line = new RegExp(`^${name}(${LABELS})? ${NUMBER}$`);
  return text.split('\n').filter((l) => line.test(l) && l.includes(labels));
}

/** The sum of a series' samples whose labels contain `labels` (all of them when omitted). */
function value(text: string, name: string, labels = ''): number {
  return samples(text, name, labels).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

function expectSamples(text: string, series: [name: string, labels?: string][]): void {
  for (const [name, labels] of series) {
    expect(samples(text, name, labels), `${name}{${labels ?? ''}}`).not.toEqual([]);
  }
}

describe('metrics', () => {
  it('need the bearer token in production', async () => {
    expect((await fetch(`${webUrl}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${workerUrl}/api/metrics`)).status).toBe(401);
  });

  it('web: request series, and orders placed / replayed / refused move with real orders', async () => {
    const cookie = await signIn(webUrl, 'customer@tiffin.test', 'tiffin-demo-1');
    const item = await t.db.menuItem.findFirstOrThrow({
      where: { stock: { gte: 20 }, restaurant: { slug: 'saffron-tandoor' } },
    });
    const before = await scrape(webUrl);

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
    expectSamples(after, [
      ['http_request_duration_seconds_bucket', 'le="+Inf"'],
      ['http_request_duration_seconds_sum'],
      ['http_request_duration_seconds_count'],
      ['trpc_request_duration_seconds_bucket', 'procedure="order.place"'],
      ['trpc_request_duration_seconds_sum', 'procedure="order.place"'],
      ['trpc_request_duration_seconds_count', 'outcome="CONFLICT"'],
      ['orders_placed_total'],
      ['order_conflicts_total'],
      ['idempotent_replays_total'],
      ['ws_connections'],
      ['tracking_subscriptions'],
      ['process_cpu_user_seconds_total'],
      ['process_resident_memory_bytes'],
      ['nodejs_eventloop_lag_seconds'],
    ]);
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
    // The order's last event (delivered) is handled a moment after the row says so.
    const text = await until('the last status event to be counted', async () => {
      const scraped = await scrape(workerUrl);
      const handled = value(
        scraped,
        'events_handled_total',
        'group="delivery",type="order.status_changed.v1",outcome="ok"',
      );
      return handled >= 4 ? scraped : null;
    });
    expectSamples(text, [
      ['events_handled_total', 'group="delivery"'],
      ['event_handler_duration_seconds_bucket', 'group="autopilot"'],
      ['event_handler_duration_seconds_bucket', 'group="kitchen-timeouts"'],
      ['event_handler_duration_seconds_sum'],
      ['event_handler_duration_seconds_count'],
      ['outbox_unpublished_rows'],
      ['outbox_oldest_unpublished_age_seconds'],
      ['outbox_publish_latency_seconds_bucket'],
      ['outbox_publish_latency_seconds_count'],
      ['stream_length', `stream="${STREAMS.orders}"`],
      ['stream_length', `stream="${STREAMS.deliveries}"`],
      ['stream_group_pending', `stream="${STREAMS.orders}",group="delivery"`],
      ['stream_group_lag', `stream="${STREAMS.orders}",group="delivery"`],
      ['dead_letters'],
      ['timers_pending', 'state="due"'],
      ['timers_pending', 'state="leased"'],
      ['timers_fired_total'],
      ['refill_runs_total'],
      ['process_resident_memory_bytes'],
    ]);
    expect(
      value(
        text,
        'events_handled_total',
        'group="delivery",type="order.status_changed.v1",outcome="ok"',
      ),
    ).toBeGreaterThanOrEqual(4);
    // accept, start preparing, mark ready, the dispatch fallback, the pick-up and the ride.
    expect(value(text, 'timers_fired_total')).toBeGreaterThanOrEqual(6);
    expect(value(text, 'outbox_publish_latency_seconds_count')).toBeGreaterThan(0);
    expect(value(text, 'refill_runs_total')).toBe(1);
  });

  it('worker: while Redis is down /api/metrics still answers 200, its Redis gauges keep their last values', async () => {
    const before = await scrape(workerUrl);
    const port = Number(new URL(redis.url).port);
    await redis.stop();
    try {
      const startedAt = Date.now();
      const during = await scrape(workerUrl);
      // Collectors give up within their own bound, so the scrape stays quick as well.
      expect(Date.now() - startedAt).toBeLessThan(5_000);
      for (const name of ['dead_letters', 'stream_length', 'stream_group_pending']) {
        expect(samples(during, name), name).toEqual(samples(before, name));
      }
      expectSamples(during, [['timers_pending', 'state="due"'], ['events_handled_total']]);
      await scrape(workerUrl);
      expect(
        (await fetch(`${webUrl}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } }))
          .status,
      ).toBe(200);

      // Logged once per failing collector, not once per scrape.
      const failed = workerLines.filter((l) => l.includes('metrics collector failed'));
      const collectors = failed.map((l) => (JSON.parse(l) as { collector: string }).collector);
      expect(collectors).toEqual(expect.arrayContaining(['streams', 'timers_pending']));
      expect(new Set(collectors).size).toBe(collectors.length);
    } finally {
      redis = await startRedis({ port });
    }
    await until('the Redis gauges to recover', async () => {
      await scrape(workerUrl);
      return workerLines.some((l) => l.includes('metrics collector recovered'));
    });
  });
});
