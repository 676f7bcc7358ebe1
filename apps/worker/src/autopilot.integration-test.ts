// The autopilot and the acceptance timeout in a real worker process, with PostgreSQL and this
// file's own redis-server. Every delay is a minute long, and each test brings the one timer it
// is about forward to now (as qa.fireTimer does), so nothing depends on the clock: people always
// win (a step someone took makes the autopilot's due step a no-op), the switch decides when each
// step fires, the dispatch fallback only serves autopilot restaurants, a simulated courier rides
// to the door reporting positions, and a kitchen that never answers loses the order.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { GeoPoint } from '@tiffin/domain';
import type { CourierPosition, RedisClient } from '@tiffin/events';
import type { RunningApp } from '@tiffin/stack';
import type { OwnTestRedis, TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import {
  claimDelivery,
  defaultDropOff,
  deliverDelivery,
  distanceKm,
  person,
  pickUpDelivery,
  placeOrder,
  setAutopilot,
  takeOrderStep,
} from '@tiffin/domain';
import {
  allTimerKeys,
  rescheduleTimer,
  TIMER_IDS,
  timerKeysFor,
  TrackingHub,
} from '@tiffin/events';
import { startWorker } from '@tiffin/stack';
import {
  createTestDatabase,
  createTestPerson,
  createTestRestaurant,
  startOwnTestRedis,
  waitUntil,
} from '@tiffin/stack/testing';

import { autopilotConsumer } from './consumers';

/** The route is about 1.2 km: at this speed the simulated ride takes about 2.5 seconds. */
const RIDE_KMH = 1_728;
const MINUTE = '60000';

let t: TestDatabase;
let redisServer: OwnTestRedis;
let redis: RedisClient;
let worker: RunningApp;
const lines: Record<string, unknown>[] = [];
let piloted: TestRestaurant;
let manual: TestRestaurant;
let staff: TestPerson;
let manualStaff: TestPerson;
let customer: TestPerson;
let admin: TestPerson;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redisServer = await startOwnTestRedis();
  redis = redisServer.connect();
  piloted = await createTestRestaurant(t.db, { autopilot: true });
  manual = await createTestRestaurant(t.db, { autopilot: false });
  staff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: piloted.id });
  manualStaff = await createTestPerson(t.db, { role: 'RESTAURANT_STAFF', restaurantId: manual.id });
  customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  admin = await createTestPerson(t.db, { role: 'ADMIN' });
  worker = startWorker(
    {
      databaseUrl: t.url,
      redisUrl: redisServer.url,
      authSecret: 'unused-by-the-worker-000000000000',
      port: 0,
      extra: {
        ...redisServer.env,
        SIM_SPEED: '1',
        SIM_CONFIRM_MS: MINUTE,
        SIM_PREPARE_MS: MINUTE,
        SIM_PICKUP_MS: MINUTE,
        DISPATCH_FALLBACK_MS: MINUTE,
        SIM_COURIER_SPEED_KMH: String(RIDE_KMH),
        CONSUMER_BLOCK_MS: '100',
        OUTBOX_SWEEP_MS: '100',
        REFILL_INTERVAL_MS: String(60 * 60_000),
      },
    },
    {
      sink: (line) => {
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Not a log record.
        }
      },
    },
  );
  await waitUntil('worker ready', () => lines.some((l) => l.msg === 'worker ready'), 30_000);
});
afterAll(async () => {
  await worker?.stop();
  redis?.disconnect();
  await redisServer?.stop();
  await t?.drop();
});

async function place(restaurant: TestRestaurant, quantities = [2, 1]): Promise<string> {
  const { order } = await placeOrder(
    t.db,
    {
      items: quantities.map((quantity, i) => ({ menuItemId: restaurant.dishes[i]!.id, quantity })),
      deliveryAddress: '8 Autopilot Avenue',
      idempotencyKey: randomUUID(),
    },
    { userId: customer.id },
  );
  return order.orderId;
}

/** Waits for the worker to schedule a timer, then makes it due now. */
async function fireNow(timerId: string): Promise<void> {
  await waitUntil(
    `timer ${timerId}`,
    async () => (await redis.zscore(timerKeysFor(timerId).due, timerId)) !== null,
    10_000,
  );
  expect(await rescheduleTimer(redis, timerId, Date.now())).toBe(true);
}

async function timersOf(orderId: string): Promise<string[]> {
  const due = await Promise.all(allTimerKeys().map((keys) => redis.zrange(keys.due, 0, -1)));
  return due.flat().filter((id) => id.includes(orderId));
}

async function statusOf(orderId: string) {
  const order = await t.db.order.findUniqueOrThrow({
    where: { id: orderId },
    select: { status: true, delivery: { select: { status: true, courierId: true } } },
  });
  return { order: order.status, delivery: order.delivery?.status ?? null };
}

const reaches = (orderId: string, status: string) =>
  waitUntil(`${orderId} ${status}`, async () => (await statusOf(orderId)).order === status, 10_000);

async function history(orderId: string) {
  return t.db.orderStatusChange.findMany({
    where: { orderId },
    orderBy: { at: 'asc' },
    select: { from: true, to: true, actor: true, reason: true },
  });
}

/** Resolves once the autopilot consumer has taken in every event written so far about the order. */
async function autopilotHasSeen(orderId: string) {
  await waitUntil(
    `the autopilot to see ${orderId}`,
    async () => {
      const events = await t.db.outboxEvent.findMany({
        where: {
          payload: { path: ['orderId'], equals: orderId },
          type: { not: 'menu.stock_changed.v1' },
        },
        select: { id: true },
      });
      const seen = await t.db.inboxEntry.count({
        where: { group: autopilotConsumer.group, eventId: { in: events.map((e) => e.id) } },
      });
      return events.length > 0 && seen === events.length;
    },
    10_000,
  );
}

const loggedFor = (orderId: string, msg: string) =>
  lines.filter((l) => l.orderId === orderId && l.msg === msg);

describe('people first', () => {
  it('staff accept before the autopilot’s step is due: the autopilot’s attempt is a no-op, one confirmed step, in the staff’s name', async () => {
    const orderId = await place(piloted);
    await waitUntil('the accept step to be scheduled', async () =>
      (await timersOf(orderId)).includes(TIMER_IDS.autopilotStep(orderId, 'accept')),
    );
    await t.db.$transaction((tx) => takeOrderStep(tx, person(staff), 'accept', orderId));
    await fireNow(TIMER_IDS.autopilotStep(orderId, 'accept'));
    await waitUntil(
      'the autopilot to find the step taken',
      () => loggedFor(orderId, 'autopilot step not needed').length === 1,
    );
    expect(loggedFor(orderId, 'autopilot step not needed')[0]).toMatchObject({
      step: 'accept',
      reason: 'This order was already accepted.',
    });
    expect((await history(orderId)).filter((c) => c.to === 'confirmed')).toEqual([
      { from: 'created', to: 'confirmed', actor: `user:${staff.id}`, reason: null },
    ]);
    expect(loggedFor(orderId, 'autopilot step')).toEqual([]);
    const { version } = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(version).toBe(2);
  });
});

describe('the autopilot switch', () => {
  it('off: nothing is scheduled for the restaurant’s orders; switched on, it catches up and takes the step', async () => {
    const restaurant = await createTestRestaurant(t.db, { autopilot: false });
    const orderId = await place(restaurant);
    await autopilotHasSeen(orderId);
    // The kitchen-timeouts group schedules this one, and may read the event after the autopilot.
    await waitUntil('the acceptance timeout to be scheduled', async () =>
      (await timersOf(orderId)).includes(TIMER_IDS.acceptanceTimeout(orderId)),
    );
    expect(await timersOf(orderId)).toEqual([TIMER_IDS.acceptanceTimeout(orderId)]);
    expect((await statusOf(orderId)).order).toBe('created');

    await t.db.$transaction((tx) =>
      setAutopilot(tx, person(admin), { restaurantId: restaurant.id, enabled: true }),
    );
    await fireNow(TIMER_IDS.autopilotStep(orderId, 'accept'));
    await reaches(orderId, 'confirmed');
    expect((await history(orderId)).at(-1)).toMatchObject({ to: 'confirmed', actor: 'autopilot' });
  });

  it('switched off while a step is due: the step does nothing when it fires', async () => {
    const restaurant = await createTestRestaurant(t.db, { autopilot: true });
    const orderId = await place(restaurant);
    await waitUntil('the accept step to be scheduled', async () =>
      (await timersOf(orderId)).includes(TIMER_IDS.autopilotStep(orderId, 'accept')),
    );
    await t.db.$transaction((tx) =>
      setAutopilot(tx, person(admin), { restaurantId: restaurant.id, enabled: false }),
    );
    await fireNow(TIMER_IDS.autopilotStep(orderId, 'accept'));
    await waitUntil(
      'the autopilot to stand down',
      () => loggedFor(orderId, 'autopilot step not needed').length === 1,
    );
    expect(await history(orderId)).toHaveLength(1);
    expect((await statusOf(orderId)).order).toBe('created');
  });
});

describe('dispatch', () => {
  it('a delivery nobody claims goes to a simulated courier at an autopilot restaurant, and waits at a manual one', async () => {
    const pilotedOrder = await place(piloted);
    await fireNow(TIMER_IDS.autopilotStep(pilotedOrder, 'accept'));
    const manualOrder = await place(manual);
    await t.db.$transaction((tx) => takeOrderStep(tx, person(manualStaff), 'accept', manualOrder));

    await fireNow(TIMER_IDS.dispatchFallback(pilotedOrder));
    await waitUntil(
      'a simulated courier on the delivery',
      async () => (await statusOf(pilotedOrder)).delivery === 'assigned',
    );
    const delivery = await t.db.delivery.findUniqueOrThrow({
      where: { orderId: pilotedOrder },
      include: { courier: true },
    });
    expect(delivery.courier?.simulated).toBe(true);
    const claim = await t.db.outboxEvent.findFirstOrThrow({
      where: {
        type: 'delivery.status_changed.v1',
        payload: { path: ['orderId'], equals: pilotedOrder },
      },
    });
    expect(claim.payload).toMatchObject({ from: 'waiting', to: 'assigned', actor: 'autopilot' });

    // The manual restaurant's delivery was created and offered, but no fallback was ever set.
    await autopilotHasSeen(manualOrder);
    expect(await statusOf(manualOrder)).toEqual({ order: 'confirmed', delivery: 'waiting' });
    expect(await timersOf(manualOrder)).toEqual([TIMER_IDS.acceptanceTimeout(manualOrder)]);
  });

  it('a simulated courier rides from the restaurant to the door, reporting positions, then delivers', async () => {
    const orderId = await place(piloted);
    const hub = new TrackingHub({ redis, blockMs: 100 });
    const positions: CourierPosition[] = [];
    const unsubscribe = await hub.subscribePositions(orderId, (p) => positions.push(p));
    try {
      await fireNow(TIMER_IDS.autopilotStep(orderId, 'accept'));
      await fireNow(TIMER_IDS.dispatchFallback(orderId));
      await fireNow(TIMER_IDS.autopilotStep(orderId, 'startPreparing'));
      await fireNow(TIMER_IDS.autopilotStep(orderId, 'markReady'));
      await fireNow(TIMER_IDS.autopilotStep(orderId, 'pickUp'));
      await reaches(orderId, 'out_for_delivery');
      const pickedUpAt = Date.now();
      await reaches(orderId, 'delivered');
      expect(Date.now() - pickedUpAt).toBeGreaterThan(1_500);
      // The hub reads the fan-out on its own clock (on a cluster, sweeps up to 100 ms apart): the
      // report at the door, sent just before delivered, may reach it a moment later.
      const door = defaultDropOff(piloted);
      await waitUntil(
        'the position at the door',
        () => positions.some((p) => distanceKm(p, door) < 0.001),
        5_000,
      );
    } finally {
      unsubscribe();
      await hub.stop();
    }
    const dropOff: GeoPoint = defaultDropOff(piloted);
    const { courierId } = await t.db.delivery.findUniqueOrThrow({ where: { orderId } });
    // At the restaurant when assigned, then a position a second along the line, the last at the door.
    expect(positions.length).toBeGreaterThanOrEqual(3);
    expect(positions.every((p) => p.courierId === courierId)).toBe(true);
    expect(distanceKm(positions[0]!, piloted)).toBeLessThan(0.001);
    const left = positions.map((p) => distanceKm(p, dropOff));
    expect([...left].sort((a, b) => b - a)).toEqual(left);
    expect(left.at(-1)).toBeLessThan(0.001);
    // The ride, from the pick-up to the door, goes at the configured speed.
    const { pickedUpAt } = await t.db.delivery.findUniqueOrThrow({ where: { orderId } });
    const ride = positions.filter((p) => Date.parse(p.at) >= pickedUpAt!.getTime());
    const hours = (Date.parse(ride.at(-1)!.at) - Date.parse(ride[0]!.at)) / 3_600_000;
    const kmh = distanceKm(ride[0]!, ride.at(-1)!) / hours;
    expect(kmh).toBeGreaterThan(RIDE_KMH * 0.7);
    expect(kmh).toBeLessThan(RIDE_KMH * 1.3);

    expect((await history(orderId)).map((c) => [c.to, c.actor])).toEqual([
      ['created', `user:${customer.id}`],
      ['confirmed', 'autopilot'],
      ['preparing', 'autopilot'],
      ['ready_for_pickup', 'autopilot'],
      ['out_for_delivery', 'autopilot'],
      ['delivered', 'autopilot'],
    ]);
    expect(await statusOf(orderId)).toEqual({ order: 'delivered', delivery: 'delivered' });
    expect(await timersOf(orderId)).toEqual([TIMER_IDS.acceptanceTimeout(orderId)]);
  });

  it('a person’s delivery: the worker makes the order delivered in the courier’s name', async () => {
    const courier = await createTestPerson(t.db, { role: 'COURIER', online: true });
    const orderId = await place(manual);
    const kitchen = person(manualStaff);
    await t.db.$transaction((tx) => takeOrderStep(tx, kitchen, 'accept', orderId));
    await waitUntil('the delivery', async () => (await statusOf(orderId)).delivery === 'waiting');
    await t.db.$transaction((tx) => claimDelivery(tx, person(courier), orderId));
    await t.db.$transaction((tx) => takeOrderStep(tx, kitchen, 'startPreparing', orderId));
    await t.db.$transaction((tx) => takeOrderStep(tx, kitchen, 'markReady', orderId));
    await t.db.$transaction((tx) => pickUpDelivery(tx, person(courier), orderId));
    await t.db.$transaction((tx) => deliverDelivery(tx, person(courier), orderId));
    await reaches(orderId, 'delivered');
    expect((await history(orderId)).map((c) => [c.to, c.actor])).toEqual([
      ['created', `user:${customer.id}`],
      ['confirmed', `user:${manualStaff.id}`],
      ['preparing', `user:${manualStaff.id}`],
      ['ready_for_pickup', `user:${manualStaff.id}`],
      ['out_for_delivery', `user:${courier.id}`],
      ['delivered', `user:${courier.id}`],
    ]);
  });
});

describe('the acceptance timeout', () => {
  it('cancels an order its kitchen never answered, says why, and puts every portion back', async () => {
    const stock = async () =>
      (
        await t.db.menuItem.findMany({
          where: { restaurantId: manual.id },
          select: { id: true, stock: true },
          orderBy: { id: 'asc' },
        })
      ).map((i) => [i.id, i.stock]);
    const before = await stock();
    const orderId = await place(manual, [3, 2]);
    expect(await stock()).not.toEqual(before);
    await fireNow(TIMER_IDS.acceptanceTimeout(orderId));
    await reaches(orderId, 'cancelled');
    expect((await history(orderId)).at(-1)).toEqual({
      from: 'created',
      to: 'cancelled',
      actor: 'system',
      reason: 'the restaurant did not respond',
    });
    expect(await stock()).toEqual(before);
    const { correlationId } = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    const refunds = await t.db.outboxEvent.findMany({
      where: {
        correlationId,
        type: 'menu.stock_changed.v1',
        payload: { path: ['reason'], equals: 'cancellation' },
      },
    });
    expect(refunds).toHaveLength(1);
    expect(await t.db.delivery.count({ where: { orderId } })).toBe(0);
  });

  it('does nothing to an order the kitchen answered in time', async () => {
    const orderId = await place(manual);
    await t.db.$transaction((tx) => takeOrderStep(tx, person(manualStaff), 'accept', orderId));
    await fireNow(TIMER_IDS.acceptanceTimeout(orderId));
    await waitUntil('the timeout to fire', async () => (await timersOf(orderId)).length === 0);
    expect((await statusOf(orderId)).order).toBe('confirmed');
    expect((await history(orderId)).map((c) => c.to)).toEqual(['created', 'confirmed']);
    expect(lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
  });
});
