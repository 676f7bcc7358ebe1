// A courier's steps against PostgreSQL: twenty couriers claiming one delivery at once leave
// exactly one assignment and nineteen "already taken"; a courier claiming two at once gets one;
// the pick-up waits for the kitchen and for the assigned courier, and moves order and delivery
// together; the delivery is delivered by its courier only.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import { createTestDatabase, createTestPerson, createTestRestaurant } from '@tiffin/stack/testing';

import type { DomainError } from '../errors';
import { person } from '../authority/actor';
import { isDomainError } from '../errors';
import { orderAtStatus } from '../testing/orders-at-status';
import { claimDelivery, deliverDelivery, pickUpDelivery } from './courier-steps';

const COURIERS = 20;
const TX = { maxWait: 20_000, timeout: 20_000 };

let t: TestDatabase;
let restaurant: TestRestaurant;
let customer: TestPerson;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), { poolSize: 25 });
  restaurant = await createTestRestaurant(t.db);
  await t.db.menuItem.updateMany({
    where: { restaurantId: restaurant.id },
    data: { stock: 1_000 },
  });
  customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
});
afterAll(async () => {
  await t?.drop();
});

const order = (status: 'confirmed' | 'preparing' | 'ready_for_pickup', courierId?: string) =>
  orderAtStatus(t.db, {
    customerId: customer.id,
    items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 1 }],
    status,
    ...(courierId ? { courierId } : {}),
  });

const courier = (online = true) => createTestPerson(t.db, { role: 'COURIER', online });

async function deliveryOf(orderId: string) {
  return t.db.delivery.findUniqueOrThrow({
    where: { orderId },
    select: { status: true, version: true, courierId: true, assignedAt: true },
  });
}

async function attempt<T>(run: () => Promise<T>): Promise<T | DomainError> {
  return run().catch((error: unknown) => {
    if (isDomainError(error)) return error;
    throw error;
  });
}

describe('claiming', () => {
  it(`${COURIERS} online couriers claim one delivery at once: exactly one is assigned, the rest hear "already taken"`, async () => {
    const { orderId, correlationId } = await order('confirmed');
    const couriers = await Promise.all(Array.from({ length: COURIERS }, () => courier()));
    const results = await Promise.all(
      couriers.map((c) =>
        attempt(() => t.db.$transaction((tx) => claimDelivery(tx, person(c), orderId), TX)),
      ),
    );
    const winners = results.flatMap((r, i) => (isDomainError(r) ? [] : [couriers[i]!.id]));
    const losers = results.filter(isDomainError);
    console.info(`[race] claim: ${winners.length} assigned, ${losers.length} already taken`);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(COURIERS - 1);
    for (const loser of losers) {
      expect(loser.code).toBe('DELIVERY_TAKEN');
      expect(loser.message).toBe('Another courier has already taken this delivery.');
      expect(loser.details).toEqual({ orderId });
    }
    expect(await deliveryOf(orderId)).toMatchObject({
      status: 'assigned',
      version: 2,
      courierId: winners[0],
    });
    expect(
      await t.db.delivery.count({ where: { courierId: { in: couriers.map((c) => c.id) } } }),
    ).toBe(1);
    const events = await t.db.outboxEvent.findMany({
      where: { correlationId, type: 'delivery.status_changed.v1' },
    });
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        from: 'waiting',
        to: 'assigned',
        courierId: winners[0],
        actor: `user:${winners[0]}`,
      }),
    ]);
    // The kitchen is not held up by any of it.
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe(
      'confirmed',
    );
  });

  it('one courier claims two deliveries at once: gets exactly one, and COURIER_BUSY for the other', async () => {
    const busy = await courier();
    const [a, b] = await Promise.all([order('confirmed'), order('preparing')]);
    const results = await Promise.all(
      [a, b].map(({ orderId }) =>
        attempt(() => t.db.$transaction((tx) => claimDelivery(tx, person(busy), orderId), TX)),
      ),
    );
    const refused = results.filter(isDomainError);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.code).toBe('COURIER_BUSY');
    expect(refused[0]!.message).toBe('Finish your current delivery before you take another.');
    const deliveries = await Promise.all([deliveryOf(a.orderId), deliveryOf(b.orderId)]);
    expect(deliveries.filter((d) => d.courierId === busy.id)).toHaveLength(1);
    expect(deliveries.map((d) => d.status).sort()).toEqual(['assigned', 'waiting']);
    expect(refused[0]!.details).toEqual({
      activeOrderId: deliveries[0].courierId === busy.id ? a.orderId : b.orderId,
    });
  });

  it('an offline courier is told to go online, and a delivery taken or cancelled cannot be claimed; none writes anything', async () => {
    const offline = await courier(false);
    const { orderId } = await order('confirmed');
    const before = await deliveryOf(orderId);
    const events = await t.db.outboxEvent.count();
    const refused = await attempt(() =>
      t.db.$transaction((tx) => claimDelivery(tx, person(offline), orderId)),
    );
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: 'Go online to claim deliveries.' });
    expect(await deliveryOf(orderId)).toEqual(before);
    expect(await t.db.outboxEvent.count()).toBe(events);

    const first = await courier();
    const second = await courier();
    await t.db.$transaction((tx) => claimDelivery(tx, person(first), orderId));
    const late = await attempt(() =>
      t.db.$transaction((tx) => claimDelivery(tx, person(second), orderId)),
    );
    expect(late).toMatchObject({ code: 'DELIVERY_TAKEN' });
    expect((await deliveryOf(orderId)).courierId).toBe(first.id);
  });
});

describe('picking up and delivering', () => {
  it('the pick-up waits for the kitchen: not before the order is ready, and nothing moves', async () => {
    const assigned = await courier();
    const { orderId } = await order('preparing', assigned.id);
    const before = {
      order: await t.db.order.findUniqueOrThrow({ where: { id: orderId } }),
      delivery: await deliveryOf(orderId),
    };
    const early = await attempt(() =>
      t.db.$transaction((tx) => pickUpDelivery(tx, person(assigned), orderId)),
    );
    expect(early).toMatchObject({
      code: 'STALE_TRANSITION',
      message: 'The kitchen has not marked this order ready yet.',
    });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).toEqual(before.order);
    expect(await deliveryOf(orderId)).toEqual(before.delivery);
  });

  it('only the assigned courier picks up: another courier is FORBIDDEN, and a delivery nobody claimed cannot be picked up', async () => {
    const assigned = await courier();
    const other = await courier();
    const { orderId } = await order('ready_for_pickup', assigned.id);
    const refused = await attempt(() =>
      t.db.$transaction((tx) => pickUpDelivery(tx, person(other), orderId)),
    );
    expect(refused).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the courier of this delivery can pick it up.',
    });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe(
      'ready_for_pickup',
    );

    const unclaimed = await order('ready_for_pickup');
    const nobody = await attempt(() =>
      t.db.$transaction((tx) => pickUpDelivery(tx, person(other), unclaimed.orderId)),
    );
    expect(nobody).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the pick-up moves the order out for delivery and the delivery on its way, in one transaction, in the courier’s name', async () => {
    const assigned = await courier();
    const { orderId, correlationId } = await order('ready_for_pickup', assigned.id);
    const moved = await t.db.$transaction((tx) => pickUpDelivery(tx, person(assigned), orderId));
    expect(moved).toMatchObject({ from: 'assigned', to: 'on_the_way', courierId: assigned.id });
    const row = await t.db.order.findUniqueOrThrow({
      where: { id: orderId },
      include: { statusChanges: { orderBy: { at: 'desc' }, take: 1 }, delivery: true },
    });
    expect(row.status).toBe('out_for_delivery');
    expect(row.statusChanges[0]).toMatchObject({
      from: 'ready_for_pickup',
      to: 'out_for_delivery',
      actor: `user:${assigned.id}`,
    });
    expect(row.delivery).toMatchObject({ status: 'on_the_way', courierId: assigned.id });
    expect(row.delivery!.pickedUpAt).toBeInstanceOf(Date);
    const events = await t.db.outboxEvent.findMany({
      where: { correlationId },
      orderBy: { seq: 'desc' },
      take: 2,
    });
    expect(events.map((e) => [e.type, (e.payload as { to: string }).to]).reverse()).toEqual([
      ['order.status_changed.v1', 'out_for_delivery'],
      ['delivery.status_changed.v1', 'on_the_way'],
    ]);

    // Picked up once: a second tap is a conflict, and moves nothing.
    const again = await attempt(() =>
      t.db.$transaction((tx) => pickUpDelivery(tx, person(assigned), orderId)),
    );
    expect(again).toMatchObject({
      code: 'STALE_TRANSITION',
      message: 'This delivery is already on the way.',
    });
  });

  it('only the assigned courier delivers, and only after the pick-up', async () => {
    const assigned = await courier();
    const other = await courier();
    const { orderId } = await order('ready_for_pickup', assigned.id);
    const early = await attempt(() =>
      t.db.$transaction((tx) => deliverDelivery(tx, person(assigned), orderId)),
    );
    expect(early).toMatchObject({
      code: 'STALE_TRANSITION',
      message: 'Pick the order up before you deliver it.',
    });
    await t.db.$transaction((tx) => pickUpDelivery(tx, person(assigned), orderId));
    const stranger = await attempt(() =>
      t.db.$transaction((tx) => deliverDelivery(tx, person(other), orderId)),
    );
    expect(stranger).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the courier of this delivery can deliver it.',
    });
    const delivered = await t.db.$transaction((tx) =>
      deliverDelivery(tx, person(assigned), orderId),
    );
    expect(delivered).toMatchObject({ from: 'on_the_way', to: 'delivered' });
    expect(await deliveryOf(orderId)).toMatchObject({
      status: 'delivered',
      courierId: assigned.id,
    });
    // The order follows when the worker's delivery consumer hears of it (tested in the worker).
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe(
      'out_for_delivery',
    );
  });
});
