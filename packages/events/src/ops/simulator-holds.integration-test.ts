import { randomUUID } from 'node:crypto';

import { afterAll, describe, expect, it } from 'vitest';

import { connectTestRedis } from '@tiffin/stack/testing';

import {
  hasLeft,
  heldAt,
  HOLD_POINTS,
  HOLD_TTL_MS,
  holdKey,
  holdOrder,
  releaseOrder,
  timelinePoint,
} from './simulator-holds';

const redis = connectTestRedis();
afterAll(() => redis.quit());

describe('simulator holds in Redis', () => {
  it('a hold is one key, expiring after HOLD_TTL_MS; release removes it', async () => {
    const orderId = randomUUID();
    expect(await heldAt(redis, orderId)).toBeNull();

    await holdOrder(redis, orderId, 'preparing');
    expect(await heldAt(redis, orderId)).toBe('preparing');
    const ttl = await redis.pttl(holdKey(orderId));
    expect(ttl).toBeGreaterThan(HOLD_TTL_MS - 5_000);
    expect(ttl).toBeLessThanOrEqual(HOLD_TTL_MS);

    // Holding again moves the hold (and restarts its clock).
    await holdOrder(redis, orderId, 'on_the_way');
    expect(await heldAt(redis, orderId)).toBe('on_the_way');

    expect(await releaseOrder(redis, orderId)).toBe(true);
    expect(await heldAt(redis, orderId)).toBeNull();
    expect(await releaseOrder(redis, orderId)).toBe(false);
  });

  it('a hold lets go by itself when its time is up', async () => {
    const orderId = randomUUID();
    await holdOrder(redis, orderId, 'created', 50);
    expect(await heldAt(redis, orderId)).toBe('created');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await heldAt(redis, orderId)).toBeNull();
  });

  it('a key holding something that is not a point is no hold', async () => {
    const orderId = randomUUID();
    await redis.set(holdKey(orderId), 'kitchen', 'PX', 10_000);
    expect(await heldAt(redis, orderId)).toBeNull();
  });
});

describe('the customer timeline', () => {
  it('maps order and delivery status to a point', () => {
    expect(timelinePoint('created', null)).toBe('created');
    expect(timelinePoint('confirmed', 'waiting')).toBe('confirmed');
    expect(timelinePoint('preparing', 'assigned')).toBe('preparing');
    expect(timelinePoint('ready_for_pickup', 'assigned')).toBe('ready_for_pickup');
    // The courier picked it up: the order is out for delivery, its delivery on the way.
    expect(timelinePoint('out_for_delivery', 'on_the_way')).toBe('on_the_way');
    expect(timelinePoint('out_for_delivery', 'delivered')).toBe('delivered');
    expect(timelinePoint('delivered', 'delivered')).toBe('delivered');
    expect(timelinePoint('cancelled', 'cancelled')).toBe('cancelled');
    expect(timelinePoint('cancelled', null)).toBe('cancelled');
  });

  it('an order has left a point once it is further along, or cancelled', () => {
    // The timeline in order, written out here rather than taken from the module under test.
    const timeline = [
      'created',
      'confirmed',
      'preparing',
      'ready_for_pickup',
      'on_the_way',
      'delivered',
    ] as const;
    const points = ['created', 'confirmed', 'preparing', 'ready_for_pickup', 'on_the_way'] as const;
    expect(HOLD_POINTS).toEqual(points);
    for (const current of timeline) {
      for (const at of points) {
        expect(hasLeft(current, at), `${current} left ${at}`).toBe(
          timeline.indexOf(current) > timeline.indexOf(at),
        );
      }
    }
    for (const at of points) expect(hasLeft('cancelled', at)).toBe(true);
  });
});
