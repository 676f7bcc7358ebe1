// Who may take each step, role × step × own/other: the authority table against an expectation
// written out here from the lifecycle (not read from the table), and then the real step functions
// against PostgreSQL: everyone the rule leaves out is FORBIDDEN with a message a person
// understands, and their attempt writes nothing (order row, history, delivery, outbox); everyone
// it lets in gets the step.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { PrismaTransaction } from '@tiffin/db';
import type { OrderStatus } from '@tiffin/db/enums';
import type { TestDatabase, TestPerson, TestRestaurant } from '@tiffin/stack/testing';
import { createTestDatabase, createTestPerson, createTestRestaurant } from '@tiffin/stack/testing';

import type { Actor } from './actor';
import type { LifecycleStep, StepParties } from './step-authority';
import {
  checkPositionReport,
  claimDelivery,
  deliverDelivery,
  pickUpDelivery,
} from '../dispatch/courier-steps';
import { isDomainError } from '../errors';
import { takeOrderStep } from '../orders/order-steps';
import { orderAtStatus } from '../testing/orders-at-status';
import { actorLabel, AUTOPILOT, person, SYSTEM } from './actor';
import { mayTakeStep, STEP_AUTHORITY } from './step-authority';

/** Everyone who might try a step, by their relation to the order. */
const WHO = [
  'ownStaff',
  'otherStaff',
  'customer',
  'otherCustomer',
  'assignedCourier',
  'otherCourier',
  'offlineCourier',
  'admin',
  'autopilot',
  'system',
] as const;
type Who = (typeof WHO)[number];

const STEPS: LifecycleStep[] = [
  'accept',
  'reject',
  'startPreparing',
  'markReady',
  'cancel',
  'expireAcceptance',
  'claim',
  'pickUp',
  'deliver',
  'reportPosition',
];

/** What the step's order looks like: its restaurant's autopilot, and who its courier is. */
interface Situation {
  restaurantAutopilot: boolean;
  /** Courier steps: whether the assigned courier is one the autopilot plays. */
  simulatedCourier: boolean;
}

/**
 * The lifecycle's authority, written out step by step. For a claim there is no courier yet: the
 * "assigned" and "other" couriers are simply two online couriers.
 */
function expected(step: LifecycleStep, who: Who, s: Situation): boolean {
  switch (step) {
    case 'accept':
    case 'startPreparing':
    case 'markReady':
      return (
        who === 'ownStaff' || who === 'admin' || (who === 'autopilot' && s.restaurantAutopilot)
      );
    case 'reject':
      return who === 'ownStaff' || who === 'admin';
    case 'cancel':
      return who === 'customer' || who === 'admin';
    case 'expireAcceptance':
      return who === 'system';
    case 'claim':
      return (
        who === 'assignedCourier' ||
        who === 'otherCourier' ||
        (who === 'autopilot' && s.restaurantAutopilot)
      );
    case 'pickUp':
    case 'deliver':
      return (
        who === 'assignedCourier' || who === 'admin' || (who === 'autopilot' && s.simulatedCourier)
      );
    case 'reportPosition':
      return who === 'assignedCourier' || (who === 'autopilot' && s.simulatedCourier);
  }
}

const SITUATIONS: Situation[] = [
  { restaurantAutopilot: false, simulatedCourier: false },
  { restaurantAutopilot: true, simulatedCourier: false },
  { restaurantAutopilot: false, simulatedCourier: true },
  { restaurantAutopilot: true, simulatedCourier: true },
];

const isCourierStep = (step: LifecycleStep) =>
  step === 'pickUp' || step === 'deliver' || step === 'reportPosition';

// ---------------------------------------------------------------- the table, without a database

const ids = {
  restaurant: 'r-own',
  otherRestaurant: 'r-other',
  customer: 'u-customer',
  otherCustomer: 'u-other-customer',
  courier: 'u-courier',
  otherCourier: 'u-other-courier',
  offlineCourier: 'u-offline-courier',
  staff: 'u-staff',
  otherStaff: 'u-other-staff',
  admin: 'u-admin',
};

function pureActor(who: Who): Actor {
  switch (who) {
    case 'ownStaff':
      return person({ id: ids.staff, role: 'RESTAURANT_STAFF', restaurantId: ids.restaurant });
    case 'otherStaff':
      return person({
        id: ids.otherStaff,
        role: 'RESTAURANT_STAFF',
        restaurantId: ids.otherRestaurant,
      });
    case 'customer':
      return person({ id: ids.customer, role: 'CUSTOMER', restaurantId: null });
    case 'otherCustomer':
      return person({ id: ids.otherCustomer, role: 'CUSTOMER', restaurantId: null });
    case 'assignedCourier':
      return person({ id: ids.courier, role: 'COURIER', restaurantId: null });
    case 'otherCourier':
      return person({ id: ids.otherCourier, role: 'COURIER', restaurantId: null });
    case 'offlineCourier':
      return person({ id: ids.offlineCourier, role: 'COURIER', restaurantId: null });
    case 'admin':
      return person({ id: ids.admin, role: 'ADMIN', restaurantId: null });
    case 'autopilot':
      return AUTOPILOT;
    case 'system':
      return SYSTEM;
  }
}

function pureParties(step: LifecycleStep, who: Who, s: Situation): StepParties {
  const claim = step === 'claim';
  return {
    restaurantId: ids.restaurant,
    customerId: ids.customer,
    restaurantAutopilot: s.restaurantAutopilot,
    courierId: claim ? null : ids.courier,
    courierSimulated: claim ? false : s.simulatedCourier,
    ...(claim ? { claimantOnline: who !== 'offlineCourier' } : {}),
  };
}

describe('the authority table', () => {
  it('names every step of the lifecycle, and only those', () => {
    expect(Object.keys(STEP_AUTHORITY).sort()).toEqual([...STEPS].sort());
  });

  it('agrees with the lifecycle for every role × step × own/other × autopilot switch', () => {
    let checked = 0;
    for (const step of STEPS) {
      for (const s of SITUATIONS) {
        for (const who of WHO) {
          expect(
            mayTakeStep(step, pureActor(who), pureParties(step, who, s)),
            `${step} by ${who} (${JSON.stringify(s)})`,
          ).toBe(expected(step, who, s));
          checked++;
        }
      }
    }
    expect(checked).toBe(STEPS.length * SITUATIONS.length * WHO.length);
  });

  it('admins are recorded as admins, people as users, and the autopilot and the platform by name', () => {
    expect(actorLabel(pureActor('admin'))).toBe(`admin:${ids.admin}`);
    expect(actorLabel(pureActor('ownStaff'))).toBe(`user:${ids.staff}`);
    expect(actorLabel(pureActor('assignedCourier'))).toBe(`user:${ids.courier}`);
    expect(actorLabel(AUTOPILOT)).toBe('autopilot');
    expect(actorLabel(SYSTEM)).toBe('system');
  });
});

// ---------------------------------------------------------------- the real steps, in PostgreSQL

let t: TestDatabase;
const restaurants = {} as Record<'on' | 'off', TestRestaurant>;
const people = {} as Record<
  | 'customer'
  | 'otherCustomer'
  | 'courier'
  | 'simulatedCourier'
  | 'otherCourier'
  | 'offlineCourier'
  | 'otherStaff'
  | 'admin',
  TestPerson
>;
const staffOf = {} as Record<'on' | 'off', TestPerson>;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  restaurants.on = await createTestRestaurant(t.db, { autopilot: true });
  restaurants.off = await createTestRestaurant(t.db, { autopilot: false });
  const elsewhere = await createTestRestaurant(t.db);
  await t.db.menuItem.updateMany({ data: { stock: 10_000 } });
  staffOf.on = await createTestPerson(t.db, {
    role: 'RESTAURANT_STAFF',
    restaurantId: restaurants.on.id,
  });
  staffOf.off = await createTestPerson(t.db, {
    role: 'RESTAURANT_STAFF',
    restaurantId: restaurants.off.id,
  });
  people.otherStaff = await createTestPerson(t.db, {
    role: 'RESTAURANT_STAFF',
    restaurantId: elsewhere.id,
  });
  people.customer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  people.otherCustomer = await createTestPerson(t.db, { role: 'CUSTOMER' });
  people.courier = await createTestPerson(t.db, { role: 'COURIER', online: true });
  people.simulatedCourier = await createTestPerson(t.db, { role: 'COURIER', simulated: true });
  people.otherCourier = await createTestPerson(t.db, { role: 'COURIER', online: true });
  people.offlineCourier = await createTestPerson(t.db, { role: 'COURIER', online: false });
  people.admin = await createTestPerson(t.db, { role: 'ADMIN' });
});
afterAll(async () => {
  await t?.drop();
});

/** Where the order must be for the step to be due: only who takes it can be wrong. */
const DUE_AT: Record<LifecycleStep, OrderStatus> = {
  accept: 'created',
  reject: 'created',
  cancel: 'created',
  expireAcceptance: 'created',
  startPreparing: 'confirmed',
  markReady: 'preparing',
  claim: 'confirmed',
  pickUp: 'ready_for_pickup',
  deliver: 'out_for_delivery',
  reportPosition: 'ready_for_pickup',
};

async function dbActor(step: LifecycleStep, who: Who, s: Situation): Promise<Actor> {
  const own = staffOf[s.restaurantAutopilot ? 'on' : 'off'];
  // A courier takes one delivery at a time: each claim gets a courier with nothing on their hands.
  if (step === 'claim' && (who === 'assignedCourier' || who === 'otherCourier')) {
    return person(await createTestPerson(t.db, { role: 'COURIER', online: true }));
  }
  switch (who) {
    case 'ownStaff':
      return person(own);
    case 'assignedCourier':
      return person(s.simulatedCourier ? people.simulatedCourier : people.courier);
    case 'autopilot':
      return AUTOPILOT;
    case 'system':
      return SYSTEM;
    default:
      return person(people[who]);
  }
}

function takeStep(tx: PrismaTransaction, step: LifecycleStep, actor: Actor, orderId: string) {
  switch (step) {
    case 'claim':
      return claimDelivery(tx, actor, orderId);
    case 'pickUp':
      return pickUpDelivery(tx, actor, orderId);
    case 'deliver':
      return deliverDelivery(tx, actor, orderId);
    case 'reportPosition':
      // At the restaurant's door: inside the delivery's box, so only the who can be wrong.
      return checkPositionReport(tx, actor, orderId, { lat: 51.5155, lng: -0.1218 });
    default:
      return takeOrderStep(tx, actor, step, orderId, { reason: 'We ran out of rice' });
  }
}

async function written(orderId: string) {
  const [order, history, delivery, outbox] = await Promise.all([
    t.db.order.findUniqueOrThrow({
      where: { id: orderId },
      select: { status: true, version: true, updatedAt: true },
    }),
    t.db.orderStatusChange.count({ where: { orderId } }),
    t.db.delivery.findUnique({
      where: { orderId },
      select: { status: true, version: true, courierId: true, updatedAt: true },
    }),
    t.db.outboxEvent.count(),
  ]);
  return { order, history, delivery, outbox };
}

describe('the real steps enforce the table', () => {
  for (const step of STEPS) {
    it(`${step}: taken by those the lifecycle names; anyone else is FORBIDDEN and writes nothing`, async () => {
      // The autopilot's courier steps depend on who rides, its kitchen steps and claims on the switch.
      const situations = SITUATIONS.filter(
        (s) => isCourierStep(step) || !s.simulatedCourier,
      ).filter((s) => !isCourierStep(step) || !s.restaurantAutopilot);
      for (const s of situations) {
        const restaurant = restaurants[s.restaurantAutopilot ? 'on' : 'off'];
        for (const who of WHO) {
          const label = `${step} by ${who} (${JSON.stringify(s)})`;
          const courier = s.simulatedCourier ? people.simulatedCourier : people.courier;
          const { orderId } = await orderAtStatus(t.db, {
            customerId: people.customer.id,
            items: [{ menuItemId: restaurant.dishes[0]!.id, quantity: 2 }],
            status: DUE_AT[step],
            ...(isCourierStep(step) ? { courierId: courier.id } : {}),
          });
          const actor = await dbActor(step, who, s);
          const before = await written(orderId);
          const outcome = await t.db
            .$transaction(async (tx) => {
              await takeStep(tx, step, actor, orderId);
            })
            .then(
              () => 'taken',
              (error: unknown) => error,
            );
          if (expected(step, who, s)) {
            expect(outcome, label).toBe('taken');
            continue;
          }
          expect(isDomainError(outcome) && outcome.code, label).toBe('FORBIDDEN');
          expect((outcome as Error).message, label).toMatch(
            who === 'offlineCourier' && step === 'claim'
              ? /^Go online to claim deliveries\.$/
              : /^Only .+\.$/,
          );
          expect(await written(orderId), label).toEqual(before);
        }
      }
    });
  }
});
