// Durable timers against this file's own redis-server: a timer whose firing fails says whose it
// was (correlationId, orderId) in its warning, and stays leased to be retried.
import { randomUUID } from 'node:crypto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { LogFields, Logger } from '@tiffin/events/logger';
import type { OwnTestRedis } from '@tiffin/stack/testing';
import { flushTestRedis, startOwnTestRedis, waitUntil as until } from '@tiffin/stack/testing';

import { DurableTimers } from './durable-timers';

interface Line {
  level: string;
  msg: string;
  fields: LogFields;
}

/** A logger that keeps its lines, children included, for assertions. */
function capture(lines: Line[], bound: LogFields = {}): Logger {
  const at =
    (level: string) =>
    (msg: string, fields: LogFields = {}) =>
      lines.push({ level, msg, fields: { ...bound, ...fields } });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => capture(lines, { ...bound, ...fields }),
  };
}

let server: OwnTestRedis;
let redis: RedisClient;
let timers: DurableTimers<Record<string, unknown>> | undefined;

beforeAll(async () => {
  // Its own server: the timer keys are fixed, and a worker of another file would take them.
  server = await startOwnTestRedis();
  redis = server.connect();
});
afterEach(async () => {
  await timers?.stop();
  await flushTestRedis(redis);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

async function failingTimer(payload: Record<string, unknown>): Promise<Line> {
  const lines: Line[] = [];
  timers = new DurableTimers<Record<string, unknown>>({
    redis,
    log: capture(lines),
    fire: async () => {
      throw new Error('the database is away');
    },
    leaseMs: 60_000,
    maxPollMs: 20,
  });
  await timers.start();
  const id = `order:${randomUUID()}:confirmed`;
  await timers.schedule(id, Date.now(), payload);
  await until('the failure warning', () => lines.some((l) => l.level === 'warn'));
  const warning = lines.find((l) => l.level === 'warn')!;
  expect(warning.msg).toBe('timer failed; it will be retried when its lease expires');
  expect(warning.fields).toMatchObject({ timerId: id, error: 'the database is away' });
  // Not lost: it stays leased until the lease expires, then is queued again.
  expect(await timers.counts()).toEqual({ due: 0, leased: 1 });
  return warning;
}

describe('durable timers', () => {
  it("a failed timer's warning carries its payload's correlationId and orderId", async () => {
    const correlationId = randomUUID();
    const orderId = randomUUID();
    const warning = await failingTimer({ kind: 'order', orderId, correlationId, to: 'confirmed' });
    expect(warning.fields).toMatchObject({ correlationId, orderId });
  });

  it('a payload without them logs the warning without them', async () => {
    const warning = await failingTimer({ kind: 'other' });
    expect(Object.keys(warning.fields).sort()).toEqual(['error', 'timerId']);
  });
});
