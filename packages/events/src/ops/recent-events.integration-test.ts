import { afterAll, describe, expect, it } from 'vitest';

import { connectTestRedis, orderCreated, uniqueNames } from '@tiffin/stack/testing';

import { createEnvelope } from '../contract/envelope';
import { publish } from '../runner/publisher';
import { recentEvents } from './recent-events';

const redis = connectTestRedis();
afterAll(() => redis.quit());

describe('recentEvents', () => {
  it('summarises the newest events first, up to count, with their order id when they have one', async () => {
    const { stream } = uniqueNames();
    const first = orderCreated();
    const second = orderCreated();
    const stock = createEnvelope(
      'menu.stock_changed.v1',
      {
        restaurantId: first.payload.restaurantId,
        items: [{ menuItemId: first.payload.lines[0]?.menuItemId ?? '', stock: 3 }],
        reason: 'refill',
      },
      { correlationId: first.correlationId, source: 'test' },
    );
    const ids: string[] = [];
    for (const envelope of [first, second, stock])
      ids.push(await publish(redis, envelope, { stream }));

    const recent = await recentEvents(redis, stream, 2);

    expect(recent).toEqual([
      {
        id: ids[2],
        type: 'menu.stock_changed.v1',
        eventId: stock.eventId,
        correlationId: first.correlationId,
        orderId: null,
        occurredAt: stock.occurredAt,
        error: null,
      },
      {
        id: ids[1],
        type: 'order.created.v1',
        eventId: second.eventId,
        correlationId: second.correlationId,
        orderId: second.payload.orderId,
        occurredAt: second.occurredAt,
        error: null,
      },
    ]);
  });

  it('lists a malformed entry with the reason consumers will reject it, instead of failing', async () => {
    const { stream } = uniqueNames();
    const id = await redis.xadd(stream, '*', 'type', 'order.created.v1', 'envelope', '{oops');

    const [entry] = await recentEvents(redis, stream, 15);

    expect(entry).toEqual({
      id,
      type: 'order.created.v1',
      eventId: null,
      correlationId: null,
      orderId: null,
      occurredAt: null,
      error: expect.stringContaining('not JSON'),
    });
  });

  it('a stream nobody has written to yet has no events', async () => {
    expect(await recentEvents(redis, uniqueNames().stream, 15)).toEqual([]);
  });
});
