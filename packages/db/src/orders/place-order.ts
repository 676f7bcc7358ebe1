// placeOrder: the one place stock is taken. One interactive transaction, Read Committed:
// conditional decrements in menu-item-id order (no deadlocks), every short line reported,
// and the order, its lines, its first history row and its events written together.
import { randomUUID } from 'node:crypto';

import type { Db, PrismaTransaction } from '../client';
import { DomainError, StockConflictError } from '../errors';
import type { ShortLine } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox';
import type { PlaceOrderInput } from './order-input';

export interface PlacedOrder {
  orderId: string;
  status: 'created' | 'confirmed' | 'preparing' | 'out_for_delivery' | 'delivered' | 'cancelled';
  totalCents: number;
}

export interface PlaceOrderResult {
  order: PlacedOrder;
  /** True when the idempotency key matched an earlier order and nothing new was written. */
  replayed: boolean;
}

export interface PlaceOrderContext {
  userId: string;
  /** Carried by every event of this order; a request's id when there is one. */
  correlationId?: string;
  /** Who placed it, for the history row. */
  actor?: string;
}

const TRANSACTION_OPTIONS = {
  // Under a checkout burst, transactions queue for a pooled connection; wait rather than fail.
  maxWait: 15_000,
  timeout: 15_000,
} as const;

/**
 * Places an order, exactly once per (user, idempotencyKey). Input must already have passed
 * `placeOrderInputSchema`; this enforces what needs the database (items exist, one open
 * restaurant, stock).
 */
export async function placeOrder(
  db: Db,
  input: PlaceOrderInput,
  ctx: PlaceOrderContext,
): Promise<PlaceOrderResult> {
  return db.$transaction((tx) => placeOrderInTransaction(tx, input, ctx), TRANSACTION_OPTIONS);
}

export async function placeOrderInTransaction(
  tx: PrismaTransaction,
  input: PlaceOrderInput,
  ctx: PlaceOrderContext,
): Promise<PlaceOrderResult> {
  // Same-key requests queue here, so a racing duplicate sees the first order once it commits
  // instead of competing for stock. The unique (userId, idempotencyKey) index is the backstop.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${ctx.userId}:${input.idempotencyKey}`}, 0))`;
  const existing = await tx.order.findUnique({
    where: { userId_idempotencyKey: { userId: ctx.userId, idempotencyKey: input.idempotencyKey } },
    select: { id: true, status: true, totalCents: true },
  });
  if (existing) {
    return {
      order: { orderId: existing.id, status: existing.status, totalCents: existing.totalCents },
      replayed: true,
    };
  }

  const lines = [...input.items].sort((a, b) => (a.menuItemId < b.menuItemId ? -1 : 1));
  const items = await tx.menuItem.findMany({
    where: { id: { in: lines.map((l) => l.menuItemId) } },
    select: {
      id: true,
      name: true,
      restaurantId: true,
      restaurant: { select: { name: true, isOpen: true } },
    },
  });
  const byId = new Map(items.map((item) => [item.id, item]));
  const unknown = lines.filter((l) => !byId.has(l.menuItemId));
  if (unknown.length > 0) {
    throw new DomainError('INVALID_ORDER', 'Some items in your cart are no longer on the menu.', {
      unknownMenuItemIds: unknown.map((l) => l.menuItemId),
    });
  }
  const restaurantIds = new Set(items.map((item) => item.restaurantId));
  if (restaurantIds.size > 1) {
    throw new DomainError('INVALID_ORDER', 'All items in an order must come from one restaurant.');
  }
  const restaurant = items[0]?.restaurant;
  const restaurantId = items[0]?.restaurantId;
  if (!restaurant || !restaurantId) throw new DomainError('INVALID_ORDER', 'Your cart is empty.');
  if (!restaurant.isOpen) {
    throw new DomainError('INVALID_ORDER', `${restaurant.name} is closed right now.`);
  }

  const shortLines: ShortLine[] = [];
  for (const line of lines) {
    const { count } = await tx.menuItem.updateMany({
      where: { id: line.menuItemId, isAvailable: true, stock: { gte: line.quantity } },
      data: { stock: { decrement: line.quantity } },
    });
    if (count === 0) {
      const current = await tx.menuItem.findUniqueOrThrow({
        where: { id: line.menuItemId },
        select: { stock: true, isAvailable: true },
      });
      shortLines.push({
        menuItemId: line.menuItemId,
        name: byId.get(line.menuItemId)?.name ?? 'Unknown item',
        requested: line.quantity,
        available: current.isAvailable ? current.stock : 0,
      });
    }
  }
  if (shortLines.length > 0) throw new StockConflictError(shortLines);

  // The rows are locked by our decrements now, so these prices are the ones we sell at.
  const locked = await tx.menuItem.findMany({
    where: { id: { in: lines.map((l) => l.menuItemId) } },
    select: { id: true, name: true, priceCents: true, stock: true },
  });
  const lockedById = new Map(locked.map((item) => [item.id, item]));
  const orderLines = lines.map((line) => {
    const item = lockedById.get(line.menuItemId);
    if (!item) throw new Error(`menu item ${line.menuItemId} vanished inside the transaction`);
    return {
      menuItemId: item.id,
      name: item.name,
      quantity: line.quantity,
      unitPriceCents: item.priceCents,
    };
  });
  const totalCents = orderLines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
  const correlationId = ctx.correlationId ?? randomUUID();
  const actor = ctx.actor ?? `user:${ctx.userId}`;

  const order = await tx.order.create({
    data: {
      userId: ctx.userId,
      restaurantId,
      totalCents,
      deliveryAddress: input.deliveryAddress,
      note: input.note ? input.note : null,
      idempotencyKey: input.idempotencyKey,
      correlationId,
      items: { create: orderLines },
      statusChanges: { create: { from: null, to: 'created', actor } },
    },
    select: { id: true, status: true, totalCents: true },
  });

  const source = 'db.placeOrder';
  await writeOutboxEvent(
    tx,
    'order.created.v1',
    { orderId: order.id, userId: ctx.userId, restaurantId, totalCents, lines: orderLines },
    { correlationId, source },
  );
  await writeOutboxEvent(
    tx,
    'menu.stock_changed.v1',
    {
      restaurantId,
      items: locked.map((item) => ({ menuItemId: item.id, stock: item.stock })),
      reason: 'order',
    },
    { correlationId, source },
  );

  return {
    order: { orderId: order.id, status: order.status, totalCents: order.totalCents },
    replayed: false,
  };
}
