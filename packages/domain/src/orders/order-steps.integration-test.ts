// The kitchen's and the customer's steps against PostgreSQL: of two steps racing from the same
// status exactly one wins and the loser hears CONFLICT with nothing half-done (stock, history,
// events, deliveries all match the winner); every cancellation puts the stock back exactly; an
// admin's cancellation of an accepted order takes its delivery with it, even one being created
// at that moment.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { PrismaTransaction } from '@tiffin/db';
import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import { createTestDatabase, createTestPerson, createTestRestaurant } from '@tiffin/stack/testing';

import type { Actor } from '../authority/actor';
import type { OrderStep } from './order-step-rules';
import { person, SYSTEM } from '../authority/actor';
import { createDeliveryForOrder } from '../deliveries/delivery-transitions';
import { claimDelivery } from '../dispatch/courier-steps';
import { DomainError, isDomainError } from '../errors';
import { orderAtStatus } from '../testing/orders-at-status';
import { ACCEPTANCE_TIMEOUT_REASON } from './order-step-rules';
import { takeOrderStep } from './order-steps';

const ROUNDS = 30;
/** Sixty transactions at once queue for connections; let them wait rather than fail. */
const TX = { maxWait: 20_000, timeout: 20_000 };

let t: TestDatabase;
let restaurant: TestRestaurant;
let staff: TestPerson;
let customer: TestPerson;
let admin: TestPerson;
let courier: TestPerson;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), { poolSize: 20 });
  restaurant = await createTestRestaurant(t.db, {
    dishes: [
      { name: 'Dal', priceCents: 800, stock: 1_000 },
      { name: 'Naan', priceCents: 300, stock: 1_000 },
      { name: 'Lassi', priceCents: 400, stock: 1_000 },
    ],
  });
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: restaurant.id });
  customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  admin = await createTestPerson(t.db, { role: 'ADMIN' });
  courier = await createTestPerson(t.db, { role: 'COURIER', online: true });
});
afterAll(async () => {
  await t?.drop();
});

/** Two dishes, three portions: a multi-line order. */
const lines = () => [
  { menuItemId: restaurant.dishes[0]!.id, quantity: 2 },
  { menuItemId: restaurant.dishes[1]!.id, quantity: 1 },
];

async function stock(): Promise<Record<string, number>> {
  const items = await t.db.menuItem.findMany({
    where: { restaurantId: restaurant.id },
    select: { id: true, stock: true },
  });
  return Object.fromEntries(items.map((i) => [i.id, i.stock]));
}

function step(actor: Actor, name: OrderStep, orderId: string, reason?: string) {
  return t.db.$transaction(
    (tx: PrismaTransaction) => takeOrderStep(tx, actor, name, orderId, { reason: reason ?? null }),
    TX,
  );
}

async function settled<T>(
  promise: Promise<T>,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  return promise.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** Everything one order wrote: its row, history, delivery and events by type. */
async function outcomeOf(orderId: string, correlationId: string) {
  const [order, history, delivery, events] = await Promise.all([
    t.db.order.findUniqueOrThrow({
      where: { id: orderId },
      select: { status: true, version: true },
    }),
    t.db.orderStatusChange.findMany({
      where: { orderId },
      orderBy: { at: 'asc' },
      select: { from: true, to: true, actor: true, reason: true },
    }),
    t.db.delivery.findUnique({ where: { orderId }, select: { status: true } }),
    t.db.outboxEvent.findMany({
      where: { correlationId },
      orderBy: { seq: 'asc' },
      select: { type: true, payload: true },
    }),
  ]);
  return { order, history, delivery, events };
}

/**
 * Runs `ROUNDS` races at once, each between the kitchen's accept and `rival` on a fresh order, and
 * checks every round's whole outcome against its winner. Returns how often each side won.
 */
async function raceAcceptAgainst(rival: {
  actor: Actor;
  step: OrderStep;
  label: string;
  reason: string;
  /** What the rival hears when the kitchen accepted first. */
  lostMessage: string;
}) {
  const before = await stock();
  const orders = await Promise.all(
    Array.from({ length: ROUNDS }, () =>
      orderAtStatus(t.db, { customerId: customer.id, items: lines(), status: 'created' }),
    ),
  );
  const rounds = await Promise.all(
    orders.map(async ({ orderId, correlationId }, round) => {
      const accepting = () => settled(step(person(staff), 'accept', orderId));
      const rivalling = () => settled(step(rival.actor, rival.step, orderId, rival.reason));
      // Every other round the rival sets off first, so both sides get to win.
      const [accept, other] =
        round % 2 === 0
          ? await Promise.all([accepting(), rivalling()])
          : await Promise.all([rivalling(), accepting()]).then(([o, a]) => [a, o] as const);
      return { orderId, correlationId, accept, other };
    }),
  );
  let accepted = 0;
  for (const round of rounds) {
    // Exactly one wins; the loser is told so, with the order's actual state.
    expect([round.accept.ok, round.other.ok].filter(Boolean)).toHaveLength(1);
    const loser = round.accept.ok ? round.other : round.accept;
    const error = (loser as { error: unknown }).error;
    expect(isDomainError(error) && error.code).toBe('STALE_TRANSITION');
    expect((error as DomainError).message).toBe(
      round.accept.ok ? rival.lostMessage : 'This order was cancelled before that could happen.',
    );
    const outcome = await outcomeOf(round.orderId, round.correlationId);
    const types = outcome.events.map((e) => e.type);
    if (round.accept.ok) {
      accepted++;
      expect(outcome.order).toEqual({ status: 'confirmed', version: 2 });
      expect(outcome.history).toEqual([
        { from: null, to: 'created', actor: `user:${customer.id}`, reason: null },
        { from: 'created', to: 'confirmed', actor: `user:${staff.id}`, reason: null },
      ]);
      expect(types).toEqual([
        'order.created.v1',
        'menu.stock_changed.v1',
        'order.status_changed.v1',
      ]);
    } else {
      expect(outcome.order).toEqual({ status: 'cancelled', version: 2 });
      expect(outcome.history).toEqual([
        { from: null, to: 'created', actor: `user:${customer.id}`, reason: null },
        { from: 'created', to: 'cancelled', actor: rival.label, reason: rival.reason },
      ]);
      expect(types).toEqual([
        'order.created.v1',
        'menu.stock_changed.v1',
        'order.status_changed.v1',
        'menu.stock_changed.v1',
      ]);
      expect(outcome.events[3]!.payload).toMatchObject({ reason: 'cancellation' });
    }
    // No delivery yet either way: the worker creates it once the confirmation is published.
    expect(outcome.delivery).toBeNull();
  }
  // The stock moved by exactly the accepted orders: every cancelled one put its portions back.
  const after = await stock();
  expect(after[restaurant.dishes[0]!.id]).toBe(before[restaurant.dishes[0]!.id]! - 2 * accepted);
  expect(after[restaurant.dishes[1]!.id]).toBe(before[restaurant.dishes[1]!.id]! - accepted);
  expect(after[restaurant.dishes[2]!.id]).toBe(before[restaurant.dishes[2]!.id]);
  return { accepted, rival: ROUNDS - accepted };
}

describe('races: exactly one winner, nothing half-done', () => {
  it(`kitchen accept against the acceptance timeout, ${ROUNDS} rounds at once`, async () => {
    const wins = await raceAcceptAgainst({
      actor: SYSTEM,
      step: 'expireAcceptance',
      label: 'system',
      reason: ACCEPTANCE_TIMEOUT_REASON,
      lostMessage: 'The restaurant already answered this order.',
    });
    console.info(`[race] accept vs timeout: accept ${wins.accepted}, timeout ${wins.rival}`);
    expect(wins.accepted + wins.rival).toBe(ROUNDS);
  });

  it(`kitchen accept against the customer's cancel, ${ROUNDS} rounds at once`, async () => {
    const wins = await raceAcceptAgainst({
      actor: person(customer),
      step: 'cancel',
      label: `user:${customer.id}`,
      reason: 'Changed my mind',
      lostMessage:
        'The restaurant has already accepted this order, so it can no longer be cancelled.',
    });
    console.info(`[race] accept vs cancel: accept ${wins.accepted}, cancel ${wins.rival}`);
    expect(wins.accepted + wins.rival).toBe(ROUNDS);
  });

  it(`an admin's cancel against the delivery being created: never a live delivery of a cancelled order (${ROUNDS} rounds)`, async () => {
    const orders = await Promise.all(
      Array.from({ length: ROUNDS }, async () => {
        // Accepted, its delivery not created yet (the worker does that when it hears of it).
        const order = await orderAtStatus(t.db, {
          customerId: customer.id,
          items: lines(),
          status: 'created',
        });
        await step(person(staff), 'accept', order.orderId);
        return order;
      }),
    );
    await Promise.all(
      orders.map(({ orderId }) =>
        Promise.all([
          t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId), TX),
          step(person(admin), 'cancel', orderId, 'Duplicate order'),
        ]),
      ),
    );
    for (const { orderId } of orders) {
      const order = await t.db.order.findUniqueOrThrow({
        where: { id: orderId },
        select: { status: true, delivery: { select: { status: true } } },
      });
      expect(order.status).toBe('cancelled');
      // Either the cancellation found the delivery and cancelled it, or it came first and the
      // delivery was never created.
      expect(order.delivery === null || order.delivery.status === 'cancelled', orderId).toBe(true);
    }
  });
});

describe('cancellations restore stock exactly', () => {
  async function expectRestored(
    orderId: string,
    correlationId: string,
    before: Record<string, number>,
  ) {
    expect(await stock()).toEqual(before);
    const refunds = await t.db.outboxEvent.findMany({
      where: {
        correlationId,
        type: 'menu.stock_changed.v1',
        payload: { path: ['reason'], equals: 'cancellation' },
      },
    });
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.payload).toEqual({
      restaurantId: restaurant.id,
      reason: 'cancellation',
      items: expect.arrayContaining([
        { menuItemId: restaurant.dishes[0]!.id, stock: before[restaurant.dishes[0]!.id] },
        { menuItemId: restaurant.dishes[1]!.id, stock: before[restaurant.dishes[1]!.id] },
      ]),
    });
    expect((refunds[0]!.payload as { items: unknown[] }).items).toHaveLength(2);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe(
      'cancelled',
    );
  }

  it('the kitchen rejects with a reason: cancelled, the reason kept for the customer, every portion back', async () => {
    const before = await stock();
    const { orderId, correlationId } = await orderAtStatus(t.db, {
      customerId: customer.id,
      items: lines(),
      status: 'created',
    });
    expect(await stock()).not.toEqual(before);
    await step(person(staff), 'reject', orderId, '  Out of lentils today  ');
    await expectRestored(orderId, correlationId, before);
    const last = await t.db.orderStatusChange.findFirstOrThrow({
      where: { orderId, to: 'cancelled' },
    });
    expect(last).toMatchObject({ actor: `user:${staff.id}`, reason: 'Out of lentils today' });
  });

  it('a rejection without a reason is refused and writes nothing', async () => {
    const { orderId } = await orderAtStatus(t.db, {
      customerId: customer.id,
      items: lines(),
      status: 'created',
    });
    const before = { stock: await stock(), outbox: await t.db.outboxEvent.count() };
    const error = await step(person(staff), 'reject', orderId, '   ').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'Say why, so the customer knows.',
    });
    expect({ stock: await stock(), outbox: await t.db.outboxEvent.count() }).toEqual(before);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe('created');
  });

  it('the customer cancels a new order: every portion back', async () => {
    const before = await stock();
    const { orderId, correlationId } = await orderAtStatus(t.db, {
      customerId: customer.id,
      items: lines(),
      status: 'created',
    });
    await step(person(customer), 'cancel', orderId);
    await expectRestored(orderId, correlationId, before);
  });

  it('once the kitchen accepted, the customer can no longer cancel, and nothing is written', async () => {
    const { orderId } = await orderAtStatus(t.db, {
      customerId: customer.id,
      items: lines(),
      status: 'confirmed',
    });
    const before = { stock: await stock(), outbox: await t.db.outboxEvent.count() };
    const error = await step(person(customer), 'cancel', orderId).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'STALE_TRANSITION',
      message: 'The restaurant has already accepted this order, so it can no longer be cancelled.',
    });
    expect({ stock: await stock(), outbox: await t.db.outboxEvent.count() }).toEqual(before);
  });

  it('an admin cancels an accepted order: its waiting delivery is cancelled in the same transaction', async () => {
    const before = await stock();
    const { orderId, correlationId, deliveryId } = await orderAtStatus(t.db, {
      customerId: customer.id,
      items: lines(),
      status: 'confirmed',
    });
    await step(person(admin), 'cancel', orderId, 'Customer called the shop');
    await expectRestored(orderId, correlationId, before);
    expect(await t.db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } })).toMatchObject({
      status: 'cancelled',
    });
    const changes = await t.db.outboxEvent.findMany({
      where: {
        correlationId,
        type: { in: ['order.status_changed.v1', 'delivery.status_changed.v1'] },
      },
      orderBy: { seq: 'asc' },
    });
    expect(changes.slice(-2).map((e) => e.payload)).toEqual([
      expect.objectContaining({ from: 'confirmed', to: 'cancelled', actor: `admin:${admin.id}` }),
      expect.objectContaining({ from: 'waiting', to: 'cancelled', actor: `admin:${admin.id}` }),
    ]);
  });

  it('an admin cancels an accepted order a courier already claimed: the assigned delivery is cancelled too', async () => {
    const before = await stock();
    const { orderId, correlationId, deliveryId } = await orderAtStatus(t.db, {
      customerId: customer.id,
      items: lines(),
      status: 'confirmed',
    });
    await t.db.$transaction((tx) => claimDelivery(tx, person(courier), orderId));
    await step(person(admin), 'cancel', orderId);
    await expectRestored(orderId, correlationId, before);
    expect(await t.db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } })).toMatchObject({
      status: 'cancelled',
      courierId: courier.id,
    });
  });

  it('nobody cancels once the kitchen started cooking, not even an admin', async () => {
    const { orderId } = await orderAtStatus(t.db, {
      customerId: customer.id,
      items: lines(),
      status: 'preparing',
    });
    const before = { stock: await stock(), outbox: await t.db.outboxEvent.count() };
    const error = await step(person(admin), 'cancel', orderId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'STALE_TRANSITION' });
    expect({ stock: await stock(), outbox: await t.db.outboxEvent.count() }).toEqual(before);
  });
});
