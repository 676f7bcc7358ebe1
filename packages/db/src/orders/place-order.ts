// placeOrder: the one place stock is taken. One interactive transaction, Read Committed:
// conditional decrements in menu-item-id order (no deadlocks), every short line reported,
// and the order, its lines, its first history row and its events written together.
import { randomUUID } from 'node:crypto';

import type { Db, PrismaTransaction } from '../client';
import { DomainError, StockConflictError } from '../errors';
import type { ShortLine } from '../errors';
import { event, writeOutboxEvents } from '../outbox/write-outbox';
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
  // A retry of a committed order is answered before anything else, even if the menu changed since.
  const earlier = await findOrderByKey(db, ctx.userId, input.idempotencyKey);
  if (earlier) return { order: earlier, replayed: true };
  // Checked before the transaction: nothing here is read again or relied on by the decrements,
  // and each statement inside an interactive transaction costs several times more CPU.
  const menu = await checkOrderMenu(db, input);
  return db.$transaction(
    (tx) => placeOrderInTransaction(tx, input, ctx, menu),
    TRANSACTION_OPTIONS,
  );
}

/** What placeOrder needs to know about the items, established before taking any stock. */
export interface OrderMenu {
  restaurantId: string;
  names: Map<string, string>;
}

async function findOrderByKey(
  db: Db | PrismaTransaction,
  userId: string,
  idempotencyKey: string,
): Promise<PlacedOrder | null> {
  const order = await db.order.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey } },
    select: { id: true, status: true, totalCents: true },
  });
  return order && { orderId: order.id, status: order.status, totalCents: order.totalCents };
}

function sortedLines(input: PlaceOrderInput) {
  // Ascending menu item id: every order locks rows in the same order, so none deadlock.
  return [...input.items].sort((a, b) => (a.menuItemId < b.menuItemId ? -1 : 1));
}

/** Every item exists, all come from one restaurant, and it is open; else INVALID_ORDER. */
export async function checkOrderMenu(
  db: Db | PrismaTransaction,
  input: PlaceOrderInput,
): Promise<OrderMenu> {
  const lines = sortedLines(input);
  const items = await db.menuItem.findMany({
    relationLoadStrategy: 'join',
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

  return { restaurantId, names: new Map(items.map((item) => [item.id, item.name])) };
}

export async function placeOrderInTransaction(
  tx: PrismaTransaction,
  input: PlaceOrderInput,
  ctx: PlaceOrderContext,
  menu: OrderMenu,
): Promise<PlaceOrderResult> {
  // Same-key requests queue on this lock, so a racing duplicate sees the first order once it
  // commits instead of competing for stock. The unique (userId, idempotencyKey) index is the
  // backstop. The lookup must be a separate statement: under Read Committed a statement reads
  // the snapshot taken when it started, before it waited on the lock.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${ctx.userId}:${input.idempotencyKey}`}, 0))`;
  const existing = await findOrderByKey(tx, ctx.userId, input.idempotencyKey);
  if (existing) return { order: existing, replayed: true };

  const lines = sortedLines(input);
  const { restaurantId, names } = menu;

  // The conditional decrement: it changes the row only when enough stock is left, and then
  // returns it, locked, with the price we sell at and the stock that remains.
  const sold: { id: string; name: string; priceCents: number; stock: number }[] = [];
  const shortLines: ShortLine[] = [];
  for (const line of lines) {
    const [updated] = await tx.menuItem.updateManyAndReturn({
      where: { id: line.menuItemId, isAvailable: true, stock: { gte: line.quantity } },
      data: { stock: { decrement: line.quantity } },
      select: { id: true, name: true, priceCents: true, stock: true },
    });
    if (updated) {
      sold.push(updated);
      continue;
    }
    const current = await tx.menuItem.findUniqueOrThrow({
      where: { id: line.menuItemId },
      select: { stock: true, isAvailable: true },
    });
    shortLines.push({
      menuItemId: line.menuItemId,
      name: names.get(line.menuItemId) ?? 'Unknown item',
      requested: line.quantity,
      available: current.isAvailable ? current.stock : 0,
    });
  }
  if (shortLines.length > 0) throw new StockConflictError(shortLines);

  const orderLines = lines.map((line, i) => {
    const item = sold[i]!;
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
  const orderId = randomUUID();

  const order = await tx.order.create({
    data: {
      id: orderId,
      userId: ctx.userId,
      restaurantId,
      totalCents,
      deliveryAddress: input.deliveryAddress,
      note: input.note ? input.note : null,
      idempotencyKey: input.idempotencyKey,
      correlationId,
    },
    select: { id: true, status: true, totalCents: true },
  });
  // One `create` per line, not `createMany`: Prisma caches the query plan of the former and
  // compiles the latter afresh on every call, which costs more than the extra round trip.
  for (const line of orderLines) await tx.orderItem.create({ data: { orderId, ...line } });
  await tx.orderStatusChange.create({ data: { orderId, from: null, to: 'created', actor } });

  const meta = { correlationId, source: 'db.placeOrder' };
  await writeOutboxEvents(tx, [
    event(
      'order.created.v1',
      { orderId, userId: ctx.userId, restaurantId, totalCents, lines: orderLines },
      meta,
    ),
    event(
      'menu.stock_changed.v1',
      {
        restaurantId,
        items: sold.map((item) => ({ menuItemId: item.id, stock: item.stock })),
        reason: 'order',
      },
      meta,
    ),
  ]);

  return {
    order: { orderId: order.id, status: order.status, totalCents: order.totalCents },
    replayed: false,
  };
}
