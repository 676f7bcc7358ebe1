// Redis test fixtures: a connection to the test Redis, stream names no other
// test (or test file) shares, valid envelopes, a log that records, and polling.
import type { RedisOptions } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { inject } from 'vitest';

import type { Envelope, LogFields, Logger } from '@tiffin/events';
import { createEnvelope, uniqueTestKeys } from '@tiffin/events';

import './provided-context';

import { waitUntil } from './wait-until';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

export function connectTestRedis(opts: RedisOptions = {}): Redis {
  return new Redis(testRedisUrl(), opts);
}

/** A stream, its dead-letter stream and a group, all unique to this call. */
export function uniqueNames(label = 'orders') {
  return uniqueTestKeys(label, randomBytes(4).toString('hex'));
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

/** A logger that keeps its lines for assertions; a child's lines carry its fields too. */
export function recordingLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (base: LogFields): Logger => {
    const at =
      (level: LogLine['level']) =>
      (msg: string, fields: LogFields = {}) =>
        void lines.push({ level, msg, fields: { ...base, ...fields } });
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return { lines, log: make({}) };
}

/** Polls every 20 ms until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  await waitUntil(what, check, timeoutMs, 20);
}

/** A promise with its resolve handle, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
