// kitchen.* through tRPC's real fetch handler against PostgreSQL and Redis: who gets in (staff of
// the restaurant, admins naming one), what everyone else hears (UNAUTHORIZED, FORBIDDEN, NOT_FOUND,
// BAD_REQUEST with a message a person reads), that no refusal writes anything, the menu and the
// week's hours as the console saves them, checkout outside those hours, and the live board.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import { createDeliveryForOrder } from '@tiffin/domain';
import { TrackingHub } from '@tiffin/events';
import {
  connectTestRedis,
  createTestDatabase,
  createTestPerson,
  createTestRestaurant,
} from '@tiffin/stack/testing';

import type { KitchenMessage } from '../tracking/kitchen-live';
import type { SessionUser } from '../trpc';
import { appRouter } from '../root';
import { call as callRouter, openSubscription, trackingProjector } from '../testing/api-test-kit';
import { createCallerFactory } from '../trpc';

let t: TestDatabase;
let redis: RedisClient;
let hub: TrackingHub;
let project: () => Promise<number>;
let own: TestRestaurant;
let other: TestRestaurant;
let staff: TestPerson;
let otherStaff: TestPerson;
let admin: TestPerson;
let customer: TestPerson;
let courier: TestPerson;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  hub = new TrackingHub({ redis, blockMs: 100 });
  project = trackingProjector(t.db, redis);
  own = await createTestRestaurant(t.db);
  other = await createTestRestaurant(t.db);
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: own.id });
  otherStaff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: other.id });
  admin = await createTestPerson(t.db, { role: 'ADMIN' });
  customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  courier = await createTestPerson(t.db, { role: 'COURIER', online: true });
});
afterAll(async () => {
  await hub?.stop();
  redis?.disconnect();
  await t?.drop();
});

const call = <T = unknown>(path: string, input: unknown, user: SessionUser | null) =>
  callRouter<T>(appRouter, { db: t.db, redis, tracking: hub }, path, input, user);

const caller = (user: SessionUser, signal?: AbortSignal) =>
  createCallerFactory(appRouter)(
    { db: t.db, user, correlationId: randomUUID(), tracking: hub, redis },
    signal ? { signal } : {},
  );

/** Everything a kitchen procedure could write. */
async function written() {
  const [orders, history, deliveries, outbox, dishes, restaurants, hours] = await Promise.all([
    t.db.order.findMany({
      select: { id: true, status: true, version: true },
      orderBy: { id: 'asc' },
    }),
    t.db.orderStatusChange.count(),
    t.db.delivery.count(),
    t.db.outboxEvent.count(),
    t.db.menuItem.findMany({
      select: {
        id: true,
        name: true,
        stock: true,
        priceCents: true,
        isAvailable: true,
        tags: true,
      },
      orderBy: { id: 'asc' },
    }),
    t.db.restaurant.findMany({ select: { id: true, isOpen: true }, orderBy: { id: 'asc' } }),
    t.db.openingHours.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return { orders, history, deliveries, outbox, dishes, restaurants, hours };
}

async function placeAt(restaurant: TestRestaurant, quantity = 1): Promise<string> {
  const reply = await call<{ orderId: string }>(
    'order.place',
    {
      items: [{ menuItemId: restaurant.dishes[0]!.id, quantity }],
      deliveryAddress: '4 Counter Street',
      idempotencyKey: randomUUID(),
    },
    customer,
  );
  expect(reply.error?.message, 'placing an order').toBeUndefined();
  return reply.data!.orderId;
}

/** One valid input per kitchen procedure, for the role checks. */
function validInputs(orderId: string): [string, unknown][] {
  const dish = own.dishes[1]!.id;
  return [
    ['kitchen.orders', {}],
    ['kitchen.restaurant', {}],
    ['kitchen.accept', { orderId }],
    ['kitchen.reject', { orderId, reason: 'Out of lentils' }],
    ['kitchen.startPreparing', { orderId }],
    ['kitchen.markReady', { orderId }],
    ['kitchen.setItemStock', { menuItemId: dish, stock: 3 }],
    ['kitchen.setItemAvailable', { menuItemId: dish, available: false }],
    ['kitchen.setOpen', { open: false }],
    [
      'kitchen.saveItem',
      { name: 'Chai', category: 'Drinks', priceCents: 250, isAvailable: true, tags: ['vegan'] },
    ],
    ['kitchen.setOpeningHours', { hours: [{ weekday: 1, opensAt: '09:00', closesAt: '17:00' }] }],
  ];
}

describe('who may use the kitchen console', () => {
  it('signed out: UNAUTHORIZED; a customer or a courier: FORBIDDEN; none writes anything', async () => {
    const orderId = await placeAt(own);
    const before = await written();
    for (const [path, input] of validInputs(orderId)) {
      const anonymous = await call(path, input, null);
      expect(anonymous.error?.data.code, path).toBe('UNAUTHORIZED');
      expect(anonymous.error?.message, path).toBe('Sign in to continue.');
      for (const user of [customer, courier]) {
        const refused = await call(path, input, user);
        expect(refused.error?.data.code, `${path} as ${user.role}`).toBe('FORBIDDEN');
        expect(refused.error?.message, path).toBe('The kitchen console is for restaurant staff.');
      }
    }
    expect(await written()).toEqual(before);
  });

  it('staff of another restaurant cannot see or act on this one: FORBIDDEN, nothing written', async () => {
    const orderId = await placeAt(own);
    const before = await written();
    const attempts: [string, unknown][] = [
      ['kitchen.orders', { restaurantId: own.id }],
      ['kitchen.restaurant', { restaurantId: own.id }],
      ['kitchen.accept', { orderId }],
      ['kitchen.reject', { orderId, reason: 'Not ours' }],
      ['kitchen.setItemStock', { menuItemId: own.dishes[0]!.id, stock: 0 }],
      ['kitchen.setItemAvailable', { menuItemId: own.dishes[0]!.id, available: false }],
      ['kitchen.setOpen', { open: false, restaurantId: own.id }],
      [
        'kitchen.saveItem',
        {
          id: own.dishes[0]!.id,
          name: 'Hijacked',
          category: 'Mains',
          priceCents: 1,
          isAvailable: true,
          tags: [],
        },
      ],
      [
        'kitchen.saveItem',
        { restaurantId: own.id, name: 'Sneaky', category: 'Mains', priceCents: 1, tags: [] },
      ],
      [
        'kitchen.setOpeningHours',
        { restaurantId: own.id, hours: [{ weekday: 1, opensAt: '00:00', closesAt: '01:00' }] },
      ],
    ];
    for (const [path, input] of attempts) {
      const reply = await call(path, input, otherStaff);
      expect(reply.error?.data.code, path).toBe('FORBIDDEN');
      expect(reply.error?.message, path).toMatch(
        /^(Only staff of this restaurant|You can only run your own restaurant)/,
      );
    }
    // Their own board does not show it either.
    const board = await call<{ id: string }[]>('kitchen.orders', {}, otherStaff);
    expect(board.data!.map((o) => o.id)).not.toContain(orderId);
    // Nor does their live board subscribe to it.
    await expect(caller(otherStaff).kitchen.live({ restaurantId: own.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await written()).toEqual(before);
  });

  it('an admin names the restaurant; without one the console asks which, and writes nothing', async () => {
    const before = await written();
    const unnamed = await call('kitchen.setOpen', { open: false }, admin);
    expect(unnamed.error?.data.code).toBe('BAD_REQUEST');
    expect(unnamed.error?.message).toBe('Choose the restaurant to act on.');
    expect(await written()).toEqual(before);
    const board = await call<unknown[]>('kitchen.orders', { restaurantId: own.id }, admin);
    expect(board.status).toBe(200);
  });
});

describe('unknown things and bad input', () => {
  it('unknown orders, dishes and restaurants are NOT_FOUND, and nothing is written', async () => {
    const before = await written();
    const missing = randomUUID();
    const cases: [string, unknown, SessionUser][] = [
      ['kitchen.accept', { orderId: missing }, staff],
      ['kitchen.reject', { orderId: missing, reason: 'Never heard of it' }, staff],
      ['kitchen.startPreparing', { orderId: missing }, staff],
      ['kitchen.markReady', { orderId: missing }, staff],
      ['kitchen.setItemStock', { menuItemId: missing, stock: 1 }, staff],
      ['kitchen.setItemAvailable', { menuItemId: missing, available: true }, staff],
      [
        'kitchen.saveItem',
        {
          id: missing,
          name: 'Ghost',
          category: 'Mains',
          priceCents: 100,
          isAvailable: true,
          tags: [],
        },
        staff,
      ],
      ['kitchen.restaurant', { restaurantId: missing }, admin],
      ['kitchen.setOpen', { open: true, restaurantId: missing }, admin],
      ['kitchen.setOpeningHours', { restaurantId: missing, hours: [] }, admin],
      [
        'kitchen.saveItem',
        { restaurantId: missing, name: 'Ghost', category: 'Mains', priceCents: 100, tags: [] },
        admin,
      ],
    ];
    for (const [path, input, user] of cases) {
      const reply = await call(path, input, user);
      expect(reply.error?.data.code, path).toBe('NOT_FOUND');
      expect(reply.error?.message, path).toMatch(
        /^We could not find that (order|menu item|restaurant)\.$/,
      );
    }
    expect(await written()).toEqual(before);
  });

  it('bad input is BAD_REQUEST with the first problem in words, and writes nothing', async () => {
    const orderId = await placeAt(own);
    const before = await written();
    const dish = own.dishes[0]!.id;
    const cases: [string, unknown, string][] = [
      ['kitchen.accept', { orderId: 'order-1' }, 'We could not find that order.'],
      [
        'kitchen.reject',
        { orderId, reason: ' no ' },
        'Say why, so the customer knows (at least 3 characters)',
      ],
      ['kitchen.setItemStock', { menuItemId: dish, stock: -1 }, 'Stock cannot be negative'],
      ['kitchen.setItemStock', { menuItemId: dish, stock: 2.5 }, 'Stock must be a whole number'],
      ['kitchen.setItemAvailable', { menuItemId: dish }, 'Say whether the dish is available'],
      ['kitchen.setOpen', {}, 'Say whether the restaurant is open'],
      [
        'kitchen.saveItem',
        { name: '  ', category: 'Mains', priceCents: 100, isAvailable: true, tags: [] },
        'Enter a dish name',
      ],
      [
        'kitchen.saveItem',
        { name: 'Chai', category: 'Drinks', priceCents: -5, isAvailable: true, tags: [] },
        'The price cannot be negative',
      ],
      [
        'kitchen.saveItem',
        { name: 'Chai', category: 'Drinks', priceCents: 2.5, isAvailable: true, tags: [] },
        'The price must be a whole number of cents',
      ],
      [
        'kitchen.saveItem',
        { name: 'Chai', category: 'Drinks', priceCents: 250, isAvailable: true, tags: ['halal'] },
        'A tag is one of: vegetarian, vegan, gluten_free, dairy_free, contains_nuts, spicy',
      ],
      [
        'kitchen.setOpeningHours',
        {
          hours: [
            { weekday: 2, opensAt: '09:00', closesAt: '12:00' },
            { weekday: 2, opensAt: '11:00', closesAt: '15:00' },
          ],
        },
        'Two intervals on the same day overlap',
      ],
      [
        'kitchen.setOpeningHours',
        { hours: [{ weekday: 2, opensAt: '18:00', closesAt: '09:00' }] },
        'A restaurant must open before it closes (use 24:00 for midnight)',
      ],
      [
        'kitchen.setOpeningHours',
        { hours: [{ weekday: 0, opensAt: '09:00', closesAt: '10:00' }] },
        'Weekdays are 1 (Monday) to 7 (Sunday)',
      ],
    ];
    for (const [path, input, message] of cases) {
      const reply = await call(path, input, staff);
      expect(reply.error?.data.code, path).toBe('BAD_REQUEST');
      expect(reply.error?.message, path).toBe(message);
    }
    expect(await written()).toEqual(before);
  });
});

describe('running orders', () => {
  it('staff accept, start preparing and mark ready; each step in their name, the board newest first', async () => {
    const first = await placeAt(own, 1);
    const second = await placeAt(own, 2);
    const board = await call<{ id: string; status: string; customerFirstName: string }[]>(
      'kitchen.orders',
      {},
      staff,
    );
    const ids = board.data!.map((o) => o.id);
    expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first));
    expect(board.data!.find((o) => o.id === first)).toMatchObject({
      status: 'created',
      customerFirstName: 'Test',
    });

    for (const [path, status] of [
      ['kitchen.accept', 'confirmed'],
      ['kitchen.startPreparing', 'preparing'],
      ['kitchen.markReady', 'ready_for_pickup'],
    ] as const) {
      const reply = await call(path, { orderId: first }, staff);
      expect(reply.data, path).toMatchObject({ orderId: first, status });
    }
    const history = await t.db.orderStatusChange.findMany({
      where: { orderId: first },
      orderBy: { at: 'asc' },
      select: { to: true, actor: true },
    });
    expect(history.slice(1)).toEqual([
      { to: 'confirmed', actor: `user:${staff.id}` },
      { to: 'preparing', actor: `user:${staff.id}` },
      { to: 'ready_for_pickup', actor: `user:${staff.id}` },
    ]);

    // A second tap on a step already taken is a CONFLICT in words, and moves nothing.
    const again = await call('kitchen.accept', { orderId: first }, staff);
    expect(again.error?.data.code).toBe('CONFLICT');
    expect(again.error?.message).toBe('This order was already accepted.');
    expect(again.error?.data.domain).toMatchObject({ code: 'STALE_TRANSITION' });
  });

  it('an admin takes kitchen steps for any restaurant, recorded as an admin', async () => {
    const orderId = await placeAt(other);
    expect((await call('kitchen.accept', { orderId }, admin)).data).toMatchObject({
      status: 'confirmed',
    });
    const step = await t.db.orderStatusChange.findFirstOrThrow({
      where: { orderId, to: 'confirmed' },
    });
    expect(step.actor).toBe(`admin:${admin.id}`);
  });

  it('a rejection keeps its reason for the customer and puts the stock back', async () => {
    const dish = own.dishes[2]!;
    const stockBefore = (await t.db.menuItem.findUniqueOrThrow({ where: { id: dish.id } })).stock;
    const placed = await call<{ orderId: string }>(
      'order.place',
      {
        items: [{ menuItemId: dish.id, quantity: 3 }],
        deliveryAddress: '4 Counter Street',
        idempotencyKey: randomUUID(),
      },
      customer,
    );
    const orderId = placed.data!.orderId;
    const reply = await call('kitchen.reject', { orderId, reason: 'The tandoor is broken' }, staff);
    expect(reply.data).toMatchObject({ orderId, status: 'cancelled' });
    expect((await t.db.menuItem.findUniqueOrThrow({ where: { id: dish.id } })).stock).toBe(
      stockBefore,
    );
    expect(
      await t.db.orderStatusChange.findFirstOrThrow({ where: { orderId, to: 'cancelled' } }),
    ).toMatchObject({ actor: `user:${staff.id}`, reason: 'The tandoor is broken' });
  });
});

describe('the menu', () => {
  it('saveItem creates a dish with its tags, edits it, and refuses a name the menu already has', async () => {
    const created = await call<{ id: string; restaurantId: string; stock: number }>(
      'kitchen.saveItem',
      {
        name: 'Masala Chai',
        description: 'Spiced tea with milk.',
        category: 'Drinks',
        priceCents: 275,
        stock: 12,
        isAvailable: true,
        tags: ['vegetarian', 'vegetarian', 'gluten_free'],
      },
      staff,
    );
    expect(created.data).toMatchObject({ restaurantId: own.id, stock: 12 });
    const id = created.data!.id;
    expect(await t.db.menuItem.findUniqueOrThrow({ where: { id } })).toMatchObject({
      name: 'Masala Chai',
      priceCents: 275,
      tags: ['vegetarian', 'gluten_free'],
      restaurantId: own.id,
    });

    // Editing without a stock keeps the stock as it is (orders move it).
    const edited = await call(
      'kitchen.saveItem',
      {
        id,
        name: 'Kashmiri Chai',
        category: 'Drinks',
        priceCents: 300,
        isAvailable: true,
        tags: ['vegetarian'],
      },
      staff,
    );
    expect(edited.status).toBe(200);
    expect(await t.db.menuItem.findUniqueOrThrow({ where: { id } })).toMatchObject({
      name: 'Kashmiri Chai',
      priceCents: 300,
      stock: 12,
      tags: ['vegetarian'],
    });

    const before = await written();
    const duplicate = await call(
      'kitchen.saveItem',
      {
        name: own.dishes[0]!.name,
        category: 'Mains',
        priceCents: 100,
        isAvailable: true,
        tags: [],
      },
      staff,
    );
    expect(duplicate.error?.data.code).toBe('BAD_REQUEST');
    expect(duplicate.error?.message).toBe(`“${own.dishes[0]!.name}” is already on the menu.`);
    const renamedOnto = await call(
      'kitchen.saveItem',
      {
        id,
        name: own.dishes[1]!.name,
        category: 'Drinks',
        priceCents: 300,
        isAvailable: true,
        tags: [],
      },
      staff,
    );
    expect(renamedOnto.error?.message).toBe(`“${own.dishes[1]!.name}” is already on the menu.`);
    expect(await written()).toEqual(before);

    // Another restaurant's menu may have a dish of the same name.
    const elsewhere = await call(
      'kitchen.saveItem',
      { name: 'Kashmiri Chai', category: 'Drinks', priceCents: 300, isAvailable: true, tags: [] },
      otherStaff,
    );
    expect(elsewhere.data).toMatchObject({ restaurantId: other.id });
  });

  it('stock and availability changes reach customers as a stock event', async () => {
    const dish = own.dishes[1]!;
    const stock = await call('kitchen.setItemStock', { menuItemId: dish.id, stock: 7 }, staff);
    expect(stock.data).toMatchObject({ id: dish.id, stock: 7 });
    const off = await call(
      'kitchen.setItemAvailable',
      { menuItemId: dish.id, available: false },
      staff,
    );
    expect(off.data).toMatchObject({ id: dish.id, isAvailable: false, stock: 7 });
    const events = await t.db.outboxEvent.findMany({
      where: { type: 'menu.stock_changed.v1', payload: { path: ['reason'], equals: 'kitchen' } },
      orderBy: { seq: 'desc' },
      take: 2,
    });
    // An unavailable dish shows no stock at all.
    expect(events.map((e) => e.payload).reverse()).toEqual([
      { restaurantId: own.id, reason: 'kitchen', items: [{ menuItemId: dish.id, stock: 7 }] },
      { restaurantId: own.id, reason: 'kitchen', items: [{ menuItemId: dish.id, stock: 0 }] },
    ]);
    await call('kitchen.setItemAvailable', { menuItemId: dish.id, available: true }, staff);
  });
});

describe('open and closed', () => {
  beforeEach(async () => {
    await t.db.openingHours.deleteMany({ where: { restaurantId: own.id } });
    await t.db.restaurant.update({
      where: { id: own.id },
      data: { isOpen: true, timeZone: 'UTC' },
    });
  });

  it('switched off, checkout refuses and writes nothing; switched on, it takes orders again', async () => {
    expect((await call('kitchen.setOpen', { open: false }, staff)).data).toEqual({
      id: own.id,
      isOpen: false,
    });
    const before = await written();
    const refused = await call(
      'order.place',
      {
        items: [{ menuItemId: own.dishes[0]!.id, quantity: 1 }],
        deliveryAddress: '4 Counter Street',
        idempotencyKey: randomUUID(),
      },
      customer,
    );
    expect(refused.error?.data.code).toBe('BAD_REQUEST');
    expect(refused.error?.message).toBe(`${own.name} is closed right now.`);
    expect(await written()).toEqual(before);
    await call('kitchen.setOpen', { open: true }, staff);
    await placeAt(own);
  });

  it('outside its weekly hours, checkout refuses naming when it opens, and writes nothing', async () => {
    // A window that excludes now, on every day: later today, or tomorrow morning late at night.
    const now = new Date();
    const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
    const later = Math.ceil((minute + 120) / 15) * 15;
    const opensAt = later + 60 <= 1440 ? later : 6 * 60;
    const clock = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      opensAt: clock(opensAt),
      closesAt: clock(opensAt + 60),
    }));
    const saved = await call('kitchen.setOpeningHours', { hours }, staff);
    expect(saved.data).toMatchObject({ restaurantId: own.id });
    const shown = await call<{ hours: unknown[]; timeZone: string }>(
      'kitchen.restaurant',
      {},
      staff,
    );
    expect(shown.data!.timeZone).toBe('UTC');
    expect(shown.data!.hours).toHaveLength(7);
    expect(shown.data!.hours[0]).toEqual({ weekday: 1, opensAt, closesAt: opensAt + 60 });

    const before = await written();
    const refused = await call(
      'order.place',
      {
        items: [{ menuItemId: own.dishes[0]!.id, quantity: 1 }],
        deliveryAddress: '4 Counter Street',
        idempotencyKey: randomUUID(),
      },
      customer,
    );
    const when =
      opensAt > minute ? `opens at ${clock(opensAt)}` : `opens tomorrow at ${clock(opensAt)}`;
    expect(refused.error?.data.code).toBe('BAD_REQUEST');
    expect(refused.error?.message).toBe(`${own.name} is closed right now; it ${when}.`);
    expect(await written()).toEqual(before);

    // Saving an empty week drops the hours: open whenever switched on.
    await call('kitchen.setOpeningHours', { hours: [] }, staff);
    await placeAt(own);
  });
});

describe('kitchen.live', () => {
  type Message = KitchenMessage;

  it('sends the restaurant’s events in order, and a board that reconnects gets exactly what it missed', async () => {
    await project();
    const board = await openSubscription<Message>((signal) => caller(staff, signal).kitchen.live());
    const subscribed = await board.next();
    expect(subscribed.data).toEqual({ kind: 'subscribed', restaurantId: own.id });
    expect(subscribed.id).toMatch(/^\d+-\d+$/);

    const orderId = await placeAt(own, 2);
    // Another restaurant's order is not this board's business.
    await placeAt(other);
    await project();
    const created = await board.next();
    expect(created.data).toEqual({
      kind: 'order_created',
      orderId,
      totalCents: 2 * 800,
      itemCount: 2,
    });

    await call('kitchen.accept', { orderId }, staff);
    await call('kitchen.startPreparing', { orderId }, staff);
    await project();
    const [accepted, preparing] = await board.take(2);
    expect(accepted!.data).toMatchObject({
      kind: 'order_status',
      orderId,
      from: 'created',
      to: 'confirmed',
      actor: `user:${staff.id}`,
    });
    expect(preparing!.data).toMatchObject({ kind: 'order_status', to: 'preparing' });
    expect(await board.quietFor(300)).toBe(true);
    await board.close();

    // Missed while away: ready, then a courier's claim.
    await call('kitchen.markReady', { orderId }, staff);
    // The worker's delivery consumer creates the delivery once the order is accepted.
    await t.db.$transaction((tx) => createDeliveryForOrder(tx, orderId));
    await call('courier.claim', { orderId }, courier);
    await project();

    const resumed = await openSubscription<Message>((signal) =>
      caller(staff, signal).kitchen.live({ lastEventId: preparing!.id! }),
    );
    const missed = await resumed.take(2);
    expect(missed.map((m) => m.data)).toEqual([
      expect.objectContaining({ kind: 'order_status', to: 'ready_for_pickup' }),
      expect.objectContaining({
        kind: 'delivery_status',
        orderId,
        to: 'assigned',
        courierId: courier.id,
      }),
    ]);
    // Ids only grow, and nothing already seen comes again.
    const ids = [subscribed, created, accepted!, preparing!, ...missed].map((m) => m.id!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await resumed.quietFor(300)).toBe(true);

    // Still live after the catch-up.
    await call('courier.pickUp', { orderId }, courier);
    await project();
    expect((await resumed.next()).data).toMatchObject({
      kind: 'order_status',
      to: 'out_for_delivery',
    });
    expect((await resumed.next()).data).toMatchObject({
      kind: 'delivery_status',
      to: 'on_the_way',
    });
    await resumed.close();
    expect(hub.subscriberCount).toBe(0);
  });
});
