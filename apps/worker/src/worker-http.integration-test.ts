// The worker's readiness beyond PostgreSQL and Redis: a consumer loop that died, or an outbox
// relay failing for longer than the threshold, makes /api/health/ready 503 and names it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import type { Logger } from '@tiffin/events';
import type { RunningService } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { event, writeOutboxEvents } from '@tiffin/domain';
import { ConsumerGroup, streamPartitions, STREAMS, uniqueTestKeys } from '@tiffin/events';
import { createLogger } from '@tiffin/events/logger';
import { startRedis } from '@tiffin/stack';
import { createTestDatabase, waitUntil as until } from '@tiffin/stack/testing';

import type { HealthDeps } from './worker-http';
import { OutboxRelay } from './outbox-relay';
import { startWorkerHttp } from './worker-http';

const THRESHOLD_MS = 1_000;
const log = createLogger('error');
let t: TestDatabase;
let redis: Redis;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = new Redis(inject('redisUrl'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  redis.disconnect();
  await t.drop();
});

interface Report {
  status: string;
  failing: string[];
  checks: Record<string, { ok: boolean; error?: string }>;
}

/** The worker's HTTP port on its own, over real PostgreSQL and Redis. */
async function serve(deps: Pick<HealthDeps, 'relay' | 'groups'>) {
  const server: Server = await startWorkerHttp(
    { host: '127.0.0.1', port: 0 },
    {
      db: t.db,
      metrics: new Registry(),
      metricsToken: undefined,
      production: false,
      redis,
      failingThresholdMs: THRESHOLD_MS,
      ...deps,
    },
  );
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://localhost:${(server.address() as AddressInfo).port}`; // TCP, never a pipe
  return async (): Promise<{ status: number; body: Report }> => {
    const response = await fetch(`${url}/api/health/ready`);
    return { status: response.status, body: (await response.json()) as Report };
  };
}

/** A relay over a single-node Redis of its own, even in the cluster run: a test restarts it. */
async function relayOverOwnRedis() {
  let server: RunningService = await startRedis({});
  const port = Number(new URL(server.url).port);
  const connection = new Redis(server.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  connection.on('error', () => undefined);
  const relay = new OutboxRelay({ databaseUrl: t.url, redis: connection, log, sweepMs: 200 });
  await connection.connect();
  await relay.start();
  cleanups.push(async () => {
    await relay.stop();
    connection.disconnect();
    await server.stop();
  });
  return {
    relay,
    connection,
    stopRedis: () => server.stop(),
    async startRedis() {
      server = await startRedis({ port });
    },
  };
}

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

function consumer(stream: string, group: string, consumerLog = silent) {
  const instance = new ConsumerGroup({
    redis,
    stream,
    group,
    handler: async () => undefined,
    blockMs: 100,
    log: consumerLog,
  });
  cleanups.push(() => instance.stop());
  return instance;
}

describe('worker readiness', () => {
  it('a consumer whose loop died makes ready 503, naming that consumer and its error', async () => {
    const suffix = randomUUID().slice(0, 8);
    const { stream } = uniqueTestKeys('ready', suffix);
    const healthy = consumer(stream, `healthy-${suffix}`);
    // Loop errors are retried; one escapes only when reporting it throws, as this log does.
    const quiet: Logger = {
      ...silent,
      error: (msg) => {
        if (msg === 'consumer loop failed; retrying') throw new Error('log sink closed');
      },
    };
    const doomed = consumer(stream, `doomed-${suffix}`, quiet);
    const { relay } = await relayOverOwnRedis();
    const ready = await serve({ relay, groups: [healthy, doomed] });
    await Promise.all([healthy.start(), doomed.start()]);
    expect((await ready()).status).toBe(200);

    await redis.xgroup('DESTROY', stream, doomed.group);
    await until('the loop to die', () => !doomed.status.running);

    const report = await ready();
    expect(report.status).toBe(503);
    expect(report.body.failing).toEqual(['consumers']);
    const error = report.body.checks.consumers?.error ?? '';
    expect(error).toContain(`doomed-${suffix}@${stream} (${doomed.consumerName}) died`);
    expect(error).toContain('log sink closed');
    expect(error).not.toContain(`healthy-${suffix}`);
    // Dead stays dead: nothing restarts it behind readiness' back.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await ready()).status).toBe(503);
    expect(doomed.status.running).toBe(false);
  });

  it('the relay failing to publish past the threshold makes ready 503 naming it; it recovers by itself', async () => {
    const own = await relayOverOwnRedis();
    const ready = await serve({ relay: own.relay, groups: [] });
    expect((await ready()).status).toBe(200);

    await own.stopRedis();
    const restaurant = await t.db.restaurant.findFirstOrThrow();
    const item = await t.db.menuItem.findFirstOrThrow({ where: { restaurantId: restaurant.id } });
    const correlationId = randomUUID();
    await t.db.$transaction((tx) =>
      writeOutboxEvents(tx, [
        event(
          'menu.stock_changed.v1',
          {
            restaurantId: restaurant.id,
            items: [{ menuItemId: item.id, stock: 7 }],
            reason: 'admin',
          },
          { correlationId, source: 'test' },
        ),
      ]),
    );
    await until('the relay to fail', () => own.relay.failingSince !== null);
    // Failing, but not for long yet: a blip does not take the worker out.
    expect((await ready()).status).toBe(200);

    await until('ready to turn 503', async () => (await ready()).status === 503);
    const report = await ready();
    expect(report.body.failing).toEqual(['outboxRelay']);
    expect(report.body.checks.outboxRelay?.error).toMatch(/^failing to publish since \d{4}-/);
    expect(Date.now() - own.relay.failingSince!.getTime()).toBeGreaterThan(THRESHOLD_MS);

    await own.startRedis();
    await until('ready again', async () => (await ready()).status === 200, 20_000);
    expect(own.relay.failingSince).toBeNull();
    const published = (
      await Promise.all(
        streamPartitions(STREAMS.menu).map((stream) => own.connection.xrange(stream, '-', '+')),
      )
    ).flat();
    expect(published.some(([, fields]) => fields.join(' ').includes(correlationId))).toBe(true);
  });
});
