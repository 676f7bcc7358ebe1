// Running the platform: the day's figures, users and roles, restaurants and their autopilot, and
// the dispatch board. Only admins get here (the API checks the role; these functions check it
// again, since an admin's power is the rule itself).
import type { z } from 'zod';
import { randomUUID } from 'node:crypto';

import type { Db, PrismaTransaction } from '@tiffin/db';
import type { OrderStatus } from '@tiffin/db/enums';

import type { Actor } from '../authority/actor';
import type { setAutopilotInputSchema, setRoleInputSchema } from './admin-input';
import { actorLabel } from '../authority/actor';
import { DomainError } from '../errors';
import { escapeLikePattern } from '../input/like-pattern';
import { writeOutboxEvent } from '../outbox/write-outbox';

function requireAdmin(actor: Actor): void {
  if (actor.kind !== 'person' || actor.role !== 'ADMIN') {
    throw new DomainError('FORBIDDEN', 'Only admins can do that.');
  }
}

/** Orders in these states are still on someone's hands. */
export const LIVE_STATUSES: readonly OrderStatus[] = [
  'created',
  'confirmed',
  'preparing',
  'ready_for_pickup',
  'out_for_delivery',
];

export interface OverviewOptions {
  /** Start of "today" (the caller's midnight). */
  since: Date;
  /** An order that has not moved for this long is stuck. */
  stuckAfterMs: number;
  now?: Date;
}

/** The day at a glance: orders, revenue, live orders by status, delivery time, stuck orders. */
export async function platformOverview(db: Db, actor: Actor, opts: OverviewOptions) {
  requireAdmin(actor);
  const now = opts.now ?? new Date();
  const stuckBefore = new Date(now.getTime() - opts.stuckAfterMs);
  const [today, byStatus, perHour, delivered, stuck] = await Promise.all([
    db.order.aggregate({
      where: { createdAt: { gte: opts.since }, status: { not: 'cancelled' } },
      _count: { _all: true },
      _sum: { totalCents: true },
    }),
    db.order.groupBy({
      by: ['status'],
      where: { status: { in: [...LIVE_STATUSES] } },
      _count: { _all: true },
    }),
    db.$queryRaw<{ hour: Date; orders: number }[]>`
      SELECT date_trunc('hour', "createdAt") AS "hour", count(*)::int AS "orders"
      FROM "Order" WHERE "createdAt" >= ${opts.since}
      GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ minutes: number | null; count: number }[]>`
      SELECT avg(extract(epoch FROM d."deliveredAt" - o."createdAt")) / 60 AS "minutes",
             count(*)::int AS "count"
      FROM "Delivery" d JOIN "Order" o ON o."id" = d."orderId"
      WHERE d."deliveredAt" >= ${opts.since}`,
    db.order.findMany({
      where: { status: { in: [...LIVE_STATUSES] }, updatedAt: { lt: stuckBefore } },
      orderBy: { updatedAt: 'asc' },
      take: 50,
      select: {
        id: true,
        status: true,
        updatedAt: true,
        createdAt: true,
        restaurant: { select: { id: true, name: true, autopilot: true } },
      },
    }),
  ]);
  const liveByStatus = Object.fromEntries(LIVE_STATUSES.map((s) => [s, 0])) as Record<
    OrderStatus,
    number
  >;
  for (const row of byStatus) liveByStatus[row.status] = row._count._all;
  return {
    since: opts.since,
    ordersToday: today._count._all,
    revenueTodayCents: today._sum.totalCents ?? 0,
    liveByStatus,
    ordersPerHour: perHour.map((row) => ({ hour: row.hour, orders: Number(row.orders) })),
    averageDeliveryMinutes:
      delivered[0]?.minutes === null || delivered[0]?.minutes === undefined
        ? null
        : Math.round(Number(delivered[0].minutes) * 10) / 10,
    deliveredToday: Number(delivered[0]?.count ?? 0),
    stuckAfterMinutes: Math.round(opts.stuckAfterMs / 60_000),
    stuckOrders: stuck.map((order) => ({
      ...order,
      stuckForMinutes: Math.floor((now.getTime() - order.updatedAt.getTime()) / 60_000),
    })),
  };
}

/** Accounts whose email or name contains the query, newest first. */
export async function searchUsers(db: Db, actor: Actor, query: string) {
  requireAdmin(actor);
  const pattern = escapeLikePattern(query);
  return db.user.findMany({
    where: query
      ? {
          OR: [
            { email: { contains: pattern, mode: 'insensitive' } },
            { name: { contains: pattern, mode: 'insensitive' } },
          ],
        }
      : {},
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      simulated: true,
      courierOnline: true,
      createdAt: true,
      restaurant: { select: { id: true, name: true } },
    },
  });
}

/**
 * Gives an account a role. Staff need a restaurant; every other role clears it. An admin cannot
 * take their own admin role away (someone must be left to give it back).
 */
export async function setUserRole(
  tx: PrismaTransaction,
  actor: Actor,
  input: z.output<typeof setRoleInputSchema>,
) {
  requireAdmin(actor);
  const user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (!user) throw new DomainError('NOT_FOUND', `There is no account for ${input.email}.`);
  if (actor.kind === 'person' && user.id === actor.userId && input.role !== 'ADMIN') {
    throw new DomainError('INVALID_REQUEST', 'You cannot take away your own admin role.');
  }
  const restaurantId = input.role === 'RESTAURANT_STAFF' ? (input.restaurantId ?? null) : null;
  if (restaurantId) {
    const exists = await tx.restaurant.findUnique({
      where: { id: restaurantId },
      select: { id: true },
    });
    if (!exists) throw new DomainError('NOT_FOUND', 'We could not find that restaurant.');
  }
  return tx.user.update({
    where: { id: user.id },
    data: {
      role: input.role,
      restaurantId,
      // A courier who stops being one is no longer offered deliveries.
      ...(input.role !== 'COURIER' ? { courierOnline: false } : {}),
      // Sessions carry the role they signed in with: they end, and the next sign-in has the new one.
      sessionVersion: { increment: 1 },
    },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      restaurantId: true,
      sessionVersion: true,
    },
  });
}

export async function listRestaurantsForAdmin(db: Db, actor: Actor) {
  requireAdmin(actor);
  const restaurants = await db.restaurant.findMany({
    orderBy: { name: 'asc' },
    select: {
      id: true,
      slug: true,
      name: true,
      cuisine: true,
      isOpen: true,
      autopilot: true,
      lat: true,
      lng: true,
      _count: { select: { staff: true, menuItems: true } },
    },
  });
  const live = await db.order.groupBy({
    by: ['restaurantId'],
    where: { status: { in: [...LIVE_STATUSES] } },
    _count: { _all: true },
  });
  const liveBy = new Map(live.map((row) => [row.restaurantId, row._count._all]));
  return restaurants.map(({ _count, ...r }) => ({
    ...r,
    staff: _count.staff,
    dishes: _count.menuItems,
    liveOrders: liveBy.get(r.id) ?? 0,
  }));
}

/** Switches a restaurant's autopilot; workers read the switch when they act, so it holds at once. */
export async function setAutopilot(
  tx: PrismaTransaction,
  actor: Actor,
  input: z.output<typeof setAutopilotInputSchema>,
) {
  requireAdmin(actor);
  const [restaurant] = await tx.restaurant.updateManyAndReturn({
    where: { id: input.restaurantId },
    data: { autopilot: input.enabled },
    select: { id: true, autopilot: true },
  });
  if (!restaurant) throw new DomainError('NOT_FOUND', 'We could not find that restaurant.');
  await writeOutboxEvent(
    tx,
    'restaurant.autopilot_changed.v1',
    {
      restaurantId: restaurant.id,
      enabled: restaurant.autopilot,
      actor: actorLabel(actor),
      at: new Date().toISOString(),
    },
    { correlationId: randomUUID(), source: 'domain.admin' },
  );
  return { restaurantId: restaurant.id, enabled: restaurant.autopilot };
}

/** Deliveries nobody has claimed yet, oldest first, and the couriers who are online. */
export async function dispatchBoard(db: Db, actor: Actor) {
  requireAdmin(actor);
  const [waiting, couriers] = await Promise.all([
    db.delivery.findMany({
      where: { status: 'waiting', order: { status: { not: 'cancelled' } } },
      orderBy: { createdAt: 'asc' },
      take: 100,
      select: {
        id: true,
        createdAt: true,
        order: {
          select: {
            id: true,
            status: true,
            deliveryAddress: true,
            restaurant: { select: { id: true, name: true, autopilot: true, lat: true, lng: true } },
          },
        },
      },
    }),
    db.user.findMany({
      where: { role: 'COURIER', OR: [{ courierOnline: true }, { simulated: true }] },
      orderBy: { name: 'asc' },
      select: {
        id: true,
        name: true,
        simulated: true,
        courierOnline: true,
        deliveries: {
          where: { status: { in: ['assigned', 'on_the_way'] } },
          select: { orderId: true, status: true },
        },
      },
    }),
  ]);
  return {
    waiting: waiting.map((d) => ({
      deliveryId: d.id,
      orderId: d.order.id,
      orderStatus: d.order.status,
      waitingSince: d.createdAt,
      deliveryAddress: d.order.deliveryAddress,
      restaurant: d.order.restaurant,
    })),
    couriers: couriers.map(({ deliveries, ...c }) => ({ ...c, activeDeliveries: deliveries })),
  };
}
