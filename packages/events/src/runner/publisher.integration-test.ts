import { afterAll, describe, expect, it } from 'vitest';

import { connectTestRedis, orderCreated, uniqueNames } from '@tiffin/stack/testing';

import type { Envelope } from '../contract/envelope';
import { InvalidEventError } from '../contract/envelope';
import { addPublish, parseMessage, publish } from './publisher';

const redis = connectTestRedis();
afterAll(() => redis.quit());

describe('publish', () => {
  it('appends the type and the envelope JSON, and parseMessage reads the same envelope back', async () => {
    const { stream } = uniqueNames();
    const envelope = orderCreated();

    const id = await publish(redis, envelope, { stream });

    const entries = await redis.xrange(stream, '-', '+');
    expect(entries).toEqual([
      [id, ['type', 'order.created.v1', 'envelope', JSON.stringify(envelope)]],
    ]);
    expect(parseMessage(entries[0]?.[1] ?? [])).toEqual({ ok: true, envelope });
  });

  it('refuses an event whose payload fails its schema, or whose type is unknown, and writes nothing', async () => {
    const { stream } = uniqueNames();
    const badPayload = {
      ...orderCreated(),
      payload: { orderId: 'not-a-uuid' },
    } as unknown as Envelope; // deliberately wrong, as a buggy producer would build it
    const unknownType = { ...orderCreated(), type: 'order.exploded.v1' } as unknown as Envelope;

    await expect(publish(redis, badPayload, { stream })).rejects.toThrow(InvalidEventError);
    await expect(publish(redis, badPayload, { stream })).rejects.toThrow(
      /Invalid order.created.v1 payload/,
    );
    await expect(publish(redis, unknownType, { stream })).rejects.toThrow(/Unknown event type/);
    expect(() => addPublish(redis.pipeline(), badPayload, { stream })).toThrow(InvalidEventError);
    expect(await redis.exists(stream)).toBe(0);
  });

  it('trims the stream to about maxLen (MAXLEN ~)', async () => {
    const { stream } = uniqueNames();
    const envelope = orderCreated();

    for (let batch = 0; batch < 5; batch++) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 100; i++) addPublish(pipeline, envelope, { stream, maxLen: 50 });
      await pipeline.exec();
    }

    // `~` trims whole radix-tree nodes (100 entries by default), so the cap is approximate.
    const length = await redis.xlen(stream);
    expect(length).toBeGreaterThanOrEqual(50);
    expect(length).toBeLessThan(500);
  });

  it('addPublish queues the XADDs of a batch on a MULTI, in order', async () => {
    const { stream } = uniqueNames();
    const events = [orderCreated(), orderCreated(), orderCreated()];

    const multi = redis.multi();
    for (const envelope of events) addPublish(multi, envelope, { stream });
    const results = await multi.exec();

    const entries = await redis.xrange(stream, '-', '+');
    expect(results?.map(([, id]) => id)).toEqual(entries.map(([id]) => id));
    expect(entries.map(([, fields]) => parseMessage(fields))).toEqual(
      events.map((envelope) => ({ ok: true, envelope })),
    );
  });
});
