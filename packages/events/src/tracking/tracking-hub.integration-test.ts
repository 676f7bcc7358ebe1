// The tracking hub against a real Redis behind a proxy the test can cut: a subscription tried
// while Redis is away fails (the client retries), and the hub does not stay half-started.
import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';

import { connectTestRedis, startTcpProxy, testRedisUrl, waitFor } from '@tiffin/stack/testing';

import type { TrackedEntry } from './tracking-hub';
import { createEnvelope } from '../contract/envelope';
import { TrackingHub } from './tracking-hub';
import { projectForTracking } from './tracking-projection';

const direct = connectTestRedis();
afterAll(() => direct.quit());

function confirmed(orderId: string) {
  return createEnvelope(
    'order.status_changed.v1',
    {
      orderId,
      from: 'created',
      to: 'confirmed',
      version: 2,
      actor: 'test',
      at: new Date().toISOString(),
    },
    { correlationId: randomUUID(), source: 'test' },
  );
}

it('a subscribe while Redis is away fails, and the next one once it is back gets live events', async () => {
  const proxy = await startTcpProxy(testRedisUrl());
  // As the web's client: one retry, so a command fails rather than waiting for Redis.
  const redis = new Redis(proxy.url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  const hub = new TrackingHub({ redis, blockMs: 200 });
  const orderId = randomUUID();
  const received: TrackedEntry[] = [];
  try {
    await proxy.cut();
    await expect(
      hub.subscribe('order', orderId, (entry) => received.push(entry)),
    ).rejects.toThrow();
    expect(hub.subscriberCount).toBe(0);

    await proxy.restore();
    await waitFor('the client to reconnect', async () => {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    });
    const unsubscribe = await hub.subscribe('order', orderId, (entry) => received.push(entry));
    const envelope = confirmed(orderId);
    await projectForTracking(direct, envelope);
    await waitFor('the live event', async () => Promise.resolve(received.length === 1));
    expect(received[0]?.envelope.eventId).toBe(envelope.eventId);
    unsubscribe();
  } finally {
    await hub.stop();
    redis.disconnect();
    await proxy.close();
  }
});
