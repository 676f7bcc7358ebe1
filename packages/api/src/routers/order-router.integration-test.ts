import { randomUUID } from 'node:crypto';

import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestDatabase } from '@tiffin/stack/testing';
import { defaultDropOff } from '@tiffin/domain';
import { createTestDatabase } from '@tiffin/stack/testing';

import type { SessionUser } from '../trpc';
import { appRouter } from '../root';
import { createCallerFactory } from '../trpc';

let t: TestDatabase;
let customer: SessionUser;
let secondCustomer: SessionUser;
let staff: SessionUser;
let courier: SessionUser;
let admin: SessionUser;
let saffronItems: { id: string; name: string; stock: number; priceCents: number }[];
let otherRestaurantItemId: string;

const createCaller = createCallerFactory(appRouter);
const callerFor = (user: SessionUser | null) =>
  createCaller({ db: t.db, user, correlationId: randomUUID(), tracking: null });

async function sessionUser(email: string): Promise<SessionUser> {
  return t.db.user.findUniqueOrThrow({
    where: { email },
    select: { id: true, email: true, name: true, role: true, restaurantId: true },
  });
}

/** Calls the router through tRPC's real fetch handler, so the error formatter shapes the reply. */
async function httpCall(path: string, input: unknown, user: SessionUser | null) {
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    router: appRouter,
    req: new Request(`http://test/api/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(superjson.serialize(input)),
    }),
    createContext: () => ({ db: t.db, user, correlationId: randomUUID(), tracking: null }),
  });
  const body = (await response.json()) as {
    error?: { json: { message: string; data: Record<string, unknown> } };
  };
  return { status: response.status, error: body.error?.json };
}

async function snapshot() {
  const [orders, outbox, items] = await Promise.all([
    t.db.order.count(),
    t.db.outboxEvent.count(),
    t.db.menuItem.findMany({ select: { id: true, stock: true }, orderBy: { id: 'asc' } }),
  ]);
  return { orders, outbox, items };
}

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  [customer, secondCustomer, staff, courier, admin] = (await Promise.all(
    ['customer', 'customer2', 'staff', 'courier', 'admin'].map((n) =>
      sessionUser(`${n}@tiffin.test`),
    ),
  )) as [SessionUser, SessionUser, SessionUser, SessionUser, SessionUser];
  const saffron = await t.db.restaurant.findUniqueOrThrow({
    where: { slug: 'saffron-tandoor' },
    include: { menuItems: { where: { stock: { gte: 20 } }, orderBy: { name: 'asc' } } },
  });
  saffronItems = saffron.menuItems;
  otherRestaurantItemId = (
    await t.db.menuItem.findFirstOrThrow({ where: { restaurantId: { not: saffron.id } } })
  ).id;
});
afterAll(async () => {
  await t.drop();
});

const address = '221B Baker Street, London';

describe('order.place input rules', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['zero quantity', () => [{ menuItemId: saffronItems[0]!.id, quantity: 0 }], /at least 1/],
    ['negative quantity', () => [{ menuItemId: saffronItems[0]!.id, quantity: -2 }], /at least 1/],
    [
      'an absurd quantity',
      () => [{ menuItemId: saffronItems[0]!.id, quantity: 10_000 }],
      /at most 20/,
    ],
    [
      'a fractional quantity',
      () => [{ menuItemId: saffronItems[0]!.id, quantity: 1.5 }],
      /whole number/,
    ],
    ['an unknown item', () => [{ menuItemId: randomUUID(), quantity: 1 }], /no longer on the menu/],
    ['a malformed item id', () => [{ menuItemId: 'pizza', quantity: 1 }], /Unknown menu item/],
    ['an empty cart', () => [], /cart is empty/],
    [
      'items from two restaurants',
      () => [
        { menuItemId: saffronItems[0]!.id, quantity: 1 },
        { menuItemId: otherRestaurantItemId, quantity: 1 },
      ],
      /one restaurant/,
    ],
    [
      'the same item twice',
      () => [
        { menuItemId: saffronItems[0]!.id, quantity: 1 },
        { menuItemId: saffronItems[0]!.id, quantity: 1 },
      ],
      /only once/,
    ],
  ];

  for (const [name, items, message] of cases) {
    it(`${name} is BAD_REQUEST with a readable message and writes nothing`, async () => {
      const before = await snapshot();
      const reply = await httpCall(
        'order.place',
        { items: items(), deliveryAddress: address, idempotencyKey: randomUUID() },
        customer,
      );
      expect(reply.status).toBe(400);
      expect(reply.error?.data.code).toBe('BAD_REQUEST');
      expect(reply.error?.message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('a missing address is BAD_REQUEST with a field error and writes nothing', async () => {
    const before = await snapshot();
    const reply = await httpCall(
      'order.place',
      { items: [{ menuItemId: saffronItems[0]!.id, quantity: 1 }], idempotencyKey: randomUUID() },
      customer,
    );
    expect(reply.status).toBe(400);
    expect(reply.error?.data.fieldErrors).toEqual({
      deliveryAddress: ['Enter a delivery address'],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a blank address and a missing idempotency key are both reported per field', async () => {
    const reply = await httpCall(
      'order.place',
      { items: [{ menuItemId: saffronItems[0]!.id, quantity: 1 }], deliveryAddress: '   ' },
      customer,
    );
    expect(reply.error?.data.fieldErrors).toMatchObject({
      deliveryAddress: [expect.stringMatching(/delivery address/)],
      idempotencyKey: [expect.stringMatching(/idempotency key/i)],
    });
  });

  it('a closed restaurant is BAD_REQUEST and writes nothing', async () => {
    const item = saffronItems[0]!;
    await t.db.restaurant.update({ where: { slug: 'saffron-tandoor' }, data: { isOpen: false } });
    try {
      const before = await snapshot();
      const reply = await httpCall(
        'order.place',
        {
          items: [{ menuItemId: item.id, quantity: 1 }],
          deliveryAddress: address,
          idempotencyKey: randomUUID(),
        },
        customer,
      );
      expect(reply.error?.data.code).toBe('BAD_REQUEST');
      expect(reply.error?.message).toMatch(/closed/);
      expect(await snapshot()).toEqual(before);
    } finally {
      await t.db.restaurant.update({ where: { slug: 'saffron-tandoor' }, data: { isOpen: true } });
    }
  });

  it('a shortage is CONFLICT carrying every short line', async () => {
    const item = saffronItems[1]!;
    await t.db.menuItem.update({ where: { id: item.id }, data: { stock: 2 } });
    const reply = await httpCall(
      'order.place',
      {
        items: [{ menuItemId: item.id, quantity: 5 }],
        deliveryAddress: address,
        idempotencyKey: randomUUID(),
      },
      customer,
    );
    expect(reply.status).toBe(409);
    expect(reply.error?.data).toMatchObject({
      code: 'CONFLICT',
      domainCode: 'STOCK_CONFLICT',
      shortLines: [{ menuItemId: item.id, name: item.name, requested: 5, available: 2 }],
    });
    expect(reply.error?.message).toMatch(/only 2 .* left/);
  });
});

describe('order access', () => {
  let orderId: string;

  beforeAll(async () => {
    const placed = await callerFor(customer).order.place({
      items: [{ menuItemId: saffronItems[2]!.id, quantity: 2 }],
      deliveryAddress: address,
      note: 'Ring twice',
      idempotencyKey: randomUUID(),
    });
    orderId = placed.orderId;
  });

  it('without a session, ordering and reading orders are UNAUTHORIZED', async () => {
    const before = await snapshot();
    const place = await httpCall(
      'order.place',
      {
        items: [{ menuItemId: saffronItems[0]!.id, quantity: 1 }],
        deliveryAddress: address,
        idempotencyKey: randomUUID(),
      },
      null,
    );
    expect(place.status).toBe(401);
    expect(place.error?.data.code).toBe('UNAUTHORIZED');
    await expect(callerFor(null).order.byId({ orderId })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(callerFor(null).order.mine()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await snapshot()).toEqual(before);
  });

  it('the customer, staff of the restaurant and admins see it; another customer is FORBIDDEN', async () => {
    for (const viewer of [customer, staff, admin]) {
      const order = await callerFor(viewer).order.byId({ orderId });
      expect(order).toMatchObject({ id: orderId, status: 'created', note: 'Ring twice' });
      expect(order.items).toEqual([
        expect.objectContaining({ menuItemId: saffronItems[2]!.id, quantity: 2 }),
      ]);
      expect(order.statusChanges.map((c) => c.to)).toEqual(['created']);
    }
    await expect(callerFor(secondCustomer).order.byId({ orderId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // The courier is not assigned to this order (no delivery yet).
    await expect(callerFor(courier).order.byId({ orderId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('a missing order is NOT_FOUND', async () => {
    await expect(callerFor(admin).order.byId({ orderId: randomUUID() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('order.mine lists only the caller’s orders, newest first', async () => {
    const second = await callerFor(customer).order.place({
      items: [{ menuItemId: saffronItems[3]!.id, quantity: 1 }],
      deliveryAddress: address,
      idempotencyKey: randomUUID(),
    });
    const mine = await callerFor(customer).order.mine();
    expect(mine[0]?.id).toBe(second.orderId);
    expect(mine.map((o) => o.id)).toContain(orderId);
    expect(await callerFor(secondCustomer).order.mine()).toEqual([]);
  });
});

describe('the drop-off pin', () => {
  const place = (deliveryLocation?: { lat: number; lng: number }) =>
    httpCall(
      'order.place',
      {
        items: [{ menuItemId: saffronItems[0]!.id, quantity: 1 }],
        deliveryAddress: address,
        idempotencyKey: randomUUID(),
        ...(deliveryLocation ? { deliveryLocation } : {}),
      },
      customer,
    );
  const KM_PER_DEGREE_LAT = 111.195;

  it('the customer’s pin within 5 km is where the order goes; without one, the checkout’s starting pin', async () => {
    const saffron = await t.db.restaurant.findUniqueOrThrow({ where: { slug: 'saffron-tandoor' } });
    const pin = { lat: saffron.lat + 3 / KM_PER_DEGREE_LAT, lng: saffron.lng };
    expect((await place(pin)).status).toBe(200);
    const pinned = await t.db.order.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    expect({ lat: pinned.deliveryLat, lng: pinned.deliveryLng }).toEqual(pin);

    expect((await place()).status).toBe(200);
    const unpinned = await t.db.order.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    expect({ lat: unpinned.deliveryLat, lng: unpinned.deliveryLng }).toEqual(
      defaultDropOff(saffron),
    );
  });

  it('a pin beyond 5 km, or off the map, is BAD_REQUEST in words and writes nothing', async () => {
    const saffron = await t.db.restaurant.findUniqueOrThrow({ where: { slug: 'saffron-tandoor' } });
    const before = await snapshot();
    const far = await place({ lat: saffron.lat + 6 / KM_PER_DEGREE_LAT, lng: saffron.lng });
    expect(far.status).toBe(400);
    expect(far.error?.message).toBe('Saffron Tandoor delivers within 5 km; move the pin closer.');
    const offMap = await place({ lat: 95, lng: 0 });
    expect(offMap.status).toBe(400);
    expect(offMap.error?.message).toBe('Latitude is between -90 and 90');
    expect(await snapshot()).toEqual(before);
  });
});

describe('order.cancel', () => {
  async function placed(quantity = 2) {
    const order = await callerFor(customer).order.place({
      items: [
        { menuItemId: saffronItems[0]!.id, quantity },
        { menuItemId: saffronItems[1]!.id, quantity: 1 },
      ],
      deliveryAddress: address,
      idempotencyKey: randomUUID(),
    });
    return order.orderId;
  }

  it('the customer cancels while the kitchen has not answered: cancelled in their name, stock back', async () => {
    const before = await snapshot();
    const orderId = await placed();
    const reply = await callerFor(customer).order.cancel({ orderId });
    expect(reply).toMatchObject({ orderId, status: 'cancelled', version: 2 });
    const after = await snapshot();
    expect(after.items).toEqual(before.items);
    expect(
      await t.db.orderStatusChange.findFirstOrThrow({ where: { orderId, to: 'cancelled' } }),
    ).toMatchObject({ from: 'created', actor: `user:${customer.id}` });

    const twice = await httpCall('order.cancel', { orderId }, customer);
    expect(twice.status).toBe(409);
    expect(twice.error?.message).toBe('This order is already cancelled.');
  });

  it('nobody else cancels a customer’s order: another customer, the staff and couriers are FORBIDDEN, the signed-out UNAUTHORIZED; nothing is written', async () => {
    const orderId = await placed();
    const before = await snapshot();
    for (const user of [secondCustomer, staff, courier]) {
      const reply = await httpCall('order.cancel', { orderId }, user);
      expect(reply.error?.data.code, user.email).toBe('FORBIDDEN');
      expect(reply.error?.message).toBe('Only the customer who placed this order can cancel it.');
    }
    expect((await httpCall('order.cancel', { orderId }, null)).error?.data.code).toBe(
      'UNAUTHORIZED',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('once the kitchen accepted, the customer hears CONFLICT and nothing is written; an admin may still cancel', async () => {
    const orderId = await placed();
    await callerFor(staff).kitchen.accept({ orderId });
    const before = await snapshot();
    const reply = await httpCall('order.cancel', { orderId }, customer);
    expect(reply.status).toBe(409);
    expect(reply.error?.message).toBe(
      'The restaurant has already accepted this order, so it can no longer be cancelled.',
    );
    expect(await snapshot()).toEqual(before);

    expect(await callerFor(admin).order.cancel({ orderId })).toMatchObject({
      status: 'cancelled',
    });
    expect(
      await t.db.orderStatusChange.findFirstOrThrow({ where: { orderId, to: 'cancelled' } }),
    ).toMatchObject({ actor: `admin:${admin.id}` });
  });

  it('an unknown order is NOT_FOUND and a malformed id BAD_REQUEST, in words', async () => {
    const before = await snapshot();
    const unknown = await httpCall('order.cancel', { orderId: randomUUID() }, customer);
    expect(unknown.status).toBe(404);
    expect(unknown.error?.message).toBe('We could not find that order.');
    const malformed = await httpCall('order.cancel', { orderId: '42' }, customer);
    expect(malformed.status).toBe(400);
    expect(malformed.error?.message).toBe('We could not find that order.');
    expect(await snapshot()).toEqual(before);
  });
});

describe('browsing and cart', () => {
  it('restaurant.list, bySlug and menu.list return the seeded menu with stock', async () => {
    const guest = callerFor(null);
    const restaurants = await guest.restaurant.list();
    expect(restaurants).toHaveLength(4);
    const indian = await guest.restaurant.list({ cuisine: 'indian' });
    expect(indian.map((r) => r.slug)).toEqual(['saffron-tandoor']);
    const restaurant = await guest.restaurant.bySlug({ slug: 'saffron-tandoor' });
    const menu = await guest.menu.list({ restaurantId: restaurant.id });
    expect(menu.items.length).toBeGreaterThanOrEqual(8);
    expect(menu.items.every((i) => i.restaurantId === restaurant.id && i.stock >= 0)).toBe(true);
    await expect(guest.restaurant.bySlug({ slug: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('cart.validate reports price changes, shortages, sold-out and unknown lines', async () => {
    const [cheap, short, soldOut] = saffronItems.slice(4, 7);
    await t.db.menuItem.update({ where: { id: short!.id }, data: { stock: 1 } });
    await t.db.menuItem.update({ where: { id: soldOut!.id }, data: { stock: 0 } });
    const unknown = randomUUID();
    const report = await callerFor(null).cart.validate({
      items: [
        { menuItemId: cheap!.id, quantity: 1, expectedPriceCents: cheap!.priceCents + 100 },
        { menuItemId: short!.id, quantity: 3 },
        { menuItemId: soldOut!.id, quantity: 1 },
        { menuItemId: unknown, quantity: 1 },
      ],
    });
    expect(report.ok).toBe(false);
    expect(report.lines.map((l) => [l.menuItemId, l.problems])).toEqual([
      [cheap!.id, ['price_changed']],
      [short!.id, ['insufficient_stock']],
      [soldOut!.id, ['sold_out']],
      [unknown, ['not_found']],
    ]);
    expect(report.lines[1]).toMatchObject({ stock: 1, priceCents: short!.priceCents });
  });
});

describe('auth.signUp', () => {
  it('creates a customer with a hashed password', async () => {
    const answer = await callerFor(null).auth.signUp({
      email: 'New.Person@Example.com',
      password: 'correct horse battery',
      name: 'New Person',
    });
    expect(answer).toEqual({ email: 'new.person@example.com' });
    const row = await t.db.user.findUniqueOrThrow({ where: { email: answer.email } });
    expect(row.role).toBe('CUSTOMER');
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain('correct horse');
  });

  it('rejects a bad email and a short password per field; a taken email answers like a new one', async () => {
    const users = await t.db.user.count();
    const bad = await httpCall(
      'auth.signUp',
      { email: 'not-an-email', password: 'short', name: '' },
      null,
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.error?.data.fieldErrors as object).sort()).toEqual([
      'email',
      'name',
      'password',
    ]);
    const taken = await httpCall(
      'auth.signUp',
      { email: 'customer@tiffin.test', password: 'long enough password', name: 'Copy' },
      null,
    );
    expect(taken.status).toBe(200);
    expect(taken.error).toBeUndefined();
    expect(await t.db.user.count()).toBe(users);
  });
});

describe('money at checkout', () => {
  const line = () => [{ menuItemId: saffronItems[2]!.id, quantity: 1 }];
  const place = (extra: Record<string, unknown>) =>
    httpCall(
      'order.place',
      { items: line(), deliveryAddress: address, idempotencyKey: randomUUID(), ...extra },
      customer,
    );
  const couponState = async () =>
    t.db.coupon.findMany({ select: { code: true, timesUsed: true }, orderBy: { code: 'asc' } });

  const refusals: [string, Record<string, unknown>, number, RegExp][] = [
    ['a negative tip', { tipCents: -100 }, 400, /cannot be negative/],
    ['an absurd tip', { tipCents: 1_000_000 }, 400, /too large/],
    ['a fractional tip', { tipCents: 1.5 }, 400, /whole number/],
    ['an unknown coupon', { couponCode: 'NOSUCHCODE' }, 400, /don’t know that code/],
    ['a malformed coupon', { couponCode: 'x; DROP TABLE' }, 400, /letters, digits or dashes/],
    ['a tampered expected total', { expectedTotalCents: 1 }, 409, /total changed/],
    ['an unknown payment method', { paymentMethod: 'bitcoin' }, 400, /card or cash/],
  ];
  for (const [name, extra, status, message] of refusals) {
    it(`${name} is refused (${status}) with a readable message and writes nothing`, async () => {
      const before = { ...(await snapshot()), coupons: await couponState() };
      const reply = await place(extra);
      expect(reply.status).toBe(status);
      expect(reply.error?.message).toMatch(message);
      expect({ ...(await snapshot()), coupons: await couponState() }).toEqual(before);
    });
  }

  it('signed out, the cart gets a quote; signed in, checkout charges exactly the quoted total', async () => {
    const code = `TIP${randomUUID().slice(0, 6)}`.toUpperCase();
    await t.db.coupon.create({ data: { code, kind: 'fixed', amount: 200 } });
    const quote = await callerFor(null).order.quote({
      items: line(),
      couponCode: code,
      tipCents: 150,
    });
    expect(quote.ok).toBe(true);
    expect(quote.price.discountCents).toBe(200);
    expect(quote.price.tipCents).toBe(150);
    const placed = await callerFor(customer).order.place({
      items: line(),
      deliveryAddress: address,
      idempotencyKey: randomUUID(),
      couponCode: code,
      tipCents: 150,
      expectedTotalCents: quote.price.totalCents,
    });
    expect(placed.totalCents).toBe(quote.price.totalCents);
    const view = await callerFor(customer).order.byId({ orderId: placed.orderId });
    expect(view).toMatchObject({
      ...quote.price,
      couponCode: code,
      paymentMethod: 'cash',
    });
  });

  it('a coupon with no uses left is CONFLICT "This code has run out." and writes nothing', async () => {
    const code = `GONE${randomUUID().slice(0, 6)}`.toUpperCase();
    await t.db.coupon.create({
      data: { code, kind: 'percentage', amount: 1000, usageCap: 1, timesUsed: 1 },
    });
    const before = await snapshot();
    const reply = await place({ couponCode: code });
    expect(reply.status).toBe(409);
    expect(reply.error?.message).toBe('This code has run out.');
    expect(reply.error?.data.domain).toEqual({ code: 'COUPON_EXHAUSTED', details: { code } });
    expect(await snapshot()).toEqual(before);
  });
});
