// Test fixtures for the events package: a connection to the test Redis, stream names no other
// test (or test file) shares, valid envelopes, a log that records, and polling.
import { randomBytes, randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { inject } from 'vitest';

import type { ConsumerLogger } from '../consumer-group';
import { createEnvelope } from '../envelope';
import type { Envelope } from '../envelope';
import './provided-context';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

export function connectTestRedis(opts: RedisOptions = {}): Redis {
  return new Redis(testRedisUrl(), opts);
}

/** A stream, its dead-letter stream and a group, all unique; `{t}` keeps them on one slot. */
export function uniqueNames(label = 'orders') {
  const suffix = randomBytes(4).toString('hex');
  return {
    stream: `test:{t}:${label}:${suffix}`,
    dlq: `test:{t}:dead-letters:${suffix}`,
    group: `group-${suffix}`,
  };
}

export function orderCreated(): Envelope<'order.created.v1'> {
  return createEnvelope(
    'order.created.v1',
    {
      orderId: randomUUID(),
      userId: randomUUID(),
      restaurantId: randomUUID(),
      totalCents: 1_200,
      lines: [{ menuItemId: randomUUID(), name: 'Masala dosa', quantity: 2, unitPriceCents: 600 }],
    },
    { correlationId: randomUUID(), source: 'test' },
  );
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

export function recordingLog(): { log: ConsumerLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (msg: string, fields: object = {}) =>
      lines.push({ level, msg, fields: { ...fields } });
  return {
    lines,
    log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  };
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise with its resolve handle, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
