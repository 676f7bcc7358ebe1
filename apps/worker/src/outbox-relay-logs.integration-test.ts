// The relay's log line for a row it sends to the dead letters names the order, like every other
// line about an order, so grepping an order id finds why its event never reached the stream.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { OwnTestRedis, TestDatabase } from '@tiffin/stack/testing';
import { STREAMS } from '@tiffin/events';
import {
  createTestDatabase,
  recordingLog,
  startOwnTestRedis,
  waitUntil as until,
} from '@tiffin/stack/testing';

import { OutboxRelay } from './outbox-relay';

let t: TestDatabase;
let server: OwnTestRedis;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  server = await startOwnTestRedis();
});
afterAll(async () => {
  await server.stop();
  await t.drop();
});

describe('outbox relay logs', () => {
  it('a row sent to the dead letters is logged with its correlationId and orderId', async () => {
    const { log, lines } = recordingLog();
    const deadLetterStream = `test:dead-letters:${randomUUID()}`;
    const [badId, orderId, correlationId] = [randomUUID(), randomUUID(), randomUUID()];
    // A payload that names its order but fails the schema (no lines, no totals).
    await t.db.$executeRaw`
      INSERT INTO "OutboxEvent" ("id", "type", "stream", "source", "payload", "correlationId")
      VALUES (${badId}::uuid, 'order.created.v1', ${STREAMS.orders}, 'test',
              ${JSON.stringify({ orderId })}::jsonb, ${correlationId}::uuid)`;
    const connection = server.connect({ enableOfflineQueue: false, lazyConnect: true });
    const relay = new OutboxRelay({
      databaseUrl: t.url,
      redis: connection,
      log,
      deadLetterStream,
    });
    await connection.connect();
    await relay.start();
    try {
      // The line is written just after the dead letter, so wait for both.
      await until(
        'the dead letter and its log line',
        async () =>
          (await connection.xlen(deadLetterStream)) === 1 &&
          lines.some((line) => line.msg === 'outbox row sent to the dead letters'),
      );
      expect(lines).toContainEqual({
        level: 'error',
        msg: 'outbox row sent to the dead letters',
        fields: {
          eventId: badId,
          type: 'order.created.v1',
          correlationId,
          orderId,
          error: expect.stringContaining('order.created.v1') as unknown,
        },
      });
    } finally {
      await relay.stop();
      connection.disconnect();
    }
  });
});
