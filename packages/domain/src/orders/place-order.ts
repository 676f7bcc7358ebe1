// placeOrder: checkout. One interactive transaction, Read Committed: stock is taken (see
// stock/take-stock.ts), prices are checked against the cart's, the order is priced (fees, tax,
// tip, a coupon's use taken: pricing/, coupons/) and checked against the quote, and the order,
// its lines, its first history row and its events are written together in one statement. A card
// order starts awaiting its payment, with a pending charge in the ledger (payments/).
// Idempotency: the unique (user, idempotencyKey) index decides a same-key race; the loser
// rolls back (so stock is never taken twice) and answers with the winner's order.
import { randomUUID } from 'node:crypto';

import type { Db, PrismaTransaction } from '@tiffin/db';
import type { OrderStatus } from '@tiffin/db/enums';
import { Prisma } from '@tiffin/db';

import type { Redemption } from '../coupons/redeem-coupon';
import type { PriceChange } from '../errors';
import type { GeoPoint } from '../geo/geo-point';
import type { ProviderName } from '../payments/payment-provider';
import type { PriceBreakdown, RestaurantFees } from '../pricing/price-order';
import type { PlaceOrderInput } from './order-input';
import { availability, describeNextOpening } from '../catalog/opening-hours';
import { recordRedemption, redeemCoupon } from '../coupons/redeem-coupon';
import { DomainError, isDomainError, PriceChangedError } from '../errors';
import { defaultDropOff, DELIVERY_RADIUS_KM, isDeliverable } from '../geo/delivery-area';
import { event } from '../outbox/write-outbox';
import { priceOrder, shortOfMinimum } from '../pricing/price-order';
import { takeStock } from '../stock/take-stock';
import { insertPlacedOrder } from './insert-placed-order';

export interface PlacedOrder {
  orderId: string;
  status: OrderStatus;
  totalCents: number;
}

export interface PlaceOrderResult {
  order: PlacedOrder;
  /** True when the idempotency key matched an earlier order and nothing new was written. */
  replayed: boolean;
}

export interface PlaceOrderContext {
  userId: string;
  /** Where card payments go; without it, only cash orders are taken. */
  payments?: { provider: ProviderName; currency: string } | null;
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
  try {
    // Checked before the transaction: nothing here is read again or relied on by the decrements,
    // and each statement inside an interactive transaction costs several times more CPU.
    const menu = await checkOrderMenu(db, input);
    return await db.$transaction(
      (tx) => placeOrderInTransaction(tx, input, ctx, menu),
      TRANSACTION_OPTIONS,
    );
  } catch (error) {
    // Is there already an order with this key? Then this is a retry (its answer stands even if
    // the menu, stock or prices changed since), or a racing call with the same key that got
    // there first: ours waited on its row locks, found the stock gone or hit the (user, key)
    // unique index, and rolled back. Either way: the original order, as a replay. Looking only
    // when something failed keeps the common path one round trip shorter.
    if (isDomainError(error) || isUniqueViolation(error)) {
      const earlier = await findOrderByKey(db, ctx.userId, input.idempotencyKey);
      if (earlier) return { order: earlier, replayed: true };
    }
    throw error;
  }
}

/** PostgreSQL's unique_violation, as Prisma reports it for a raw statement (P2010) or a model one (P2002). */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === 'P2002') return true;
  const meta = error.meta as
    { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined;
  return meta?.code === '23505' || meta?.driverAdapterError?.cause?.originalCode === '23505';
}

/** What placeOrder needs to know about the items, established before taking any stock. */
export interface OrderMenu {
  restaurantId: string;
  restaurantName: string;
  fees: RestaurantFees;
  names: Map<string, string>;
  /** The customer's pin, or where it starts when they sent none. */
  dropOff: GeoPoint;
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

/**
 * Every item exists, all come from one restaurant, it takes orders now (switch and hours), and it
 * delivers to the pin; else INVALID_ORDER.
 */
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
      restaurant: {
        select: {
          name: true,
          isOpen: true,
          deliveryFeeCents: true,
          minimumOrderCents: true,
          serviceFeeBps: true,
          taxRateBps: true,
          timeZone: true,
          lat: true,
          lng: true,
          hours: { select: { weekday: true, opensAt: true, closesAt: true } },
        },
      },
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
  const open = availability(restaurant, new Date());
  if (!open.open) {
    const when =
      open.reason === 'outside_hours' ? `; it ${describeNextOpening(open.opensNext)}` : '';
    throw new DomainError('INVALID_ORDER', `${restaurant.name} is closed right now${when}.`);
  }
  const dropOff = input.deliveryLocation ?? defaultDropOff(restaurant);
  if (!isDeliverable(restaurant, dropOff)) {
    throw new DomainError(
      'INVALID_ORDER',
      `${restaurant.name} delivers within ${DELIVERY_RADIUS_KM} km; move the pin closer.`,
    );
  }

  const fees: RestaurantFees = {
    deliveryFeeCents: restaurant.deliveryFeeCents,
    minimumOrderCents: restaurant.minimumOrderCents,
    serviceFeeBps: restaurant.serviceFeeBps,
    taxRateBps: restaurant.taxRateBps,
  };
  return {
    restaurantId,
    restaurantName: restaurant.name,
    fees,
    names: new Map(items.map((item) => [item.id, item.name])),
    dropOff,
  };
}

async function placeOrderInTransaction(
  tx: PrismaTransaction,
  input: PlaceOrderInput,
  ctx: PlaceOrderContext,
  menu: OrderMenu,
): Promise<PlaceOrderResult> {
  const lines = sortedLines(input);
  const { restaurantId, names } = menu;

  const sold = await takeStock(tx, lines, names);
  // Checked after the decrements, which return the price as of the row lock: that is what we charge.
  const priceChanges: PriceChange[] = lines.flatMap((line, i) => {
    const item = sold[i]!;
    return line.expectedPriceCents !== undefined && line.expectedPriceCents !== item.priceCents
      ? [
          {
            menuItemId: item.id,
            name: item.name,
            expectedPriceCents: line.expectedPriceCents,
            priceCents: item.priceCents,
          },
        ]
      : [];
  });
  if (priceChanges.length > 0) throw new PriceChangedError(priceChanges);

  const orderLines = lines.map((line, i) => {
    const item = sold[i]!;
    return {
      menuItemId: item.id,
      name: item.name,
      quantity: line.quantity,
      unitPriceCents: item.priceCents,
    };
  });
  const { price, redemption } = await priceInTransaction(tx, input, ctx, menu, orderLines);
  const { totalCents } = price;
  const correlationId = ctx.correlationId ?? randomUUID();
  const actor = ctx.actor ?? `user:${ctx.userId}`;
  const orderId = randomUUID();

  const meta = { correlationId, source: 'db.placeOrder' };
  // A card order waits for its payment, unseen by the kitchen; it is announced once paid.
  const card = input.paymentMethod === 'card' && ctx.payments ? ctx.payments : null;
  const paymentId = randomUUID();
  const events = [
    card
      ? event(
          'payment.started.v1',
          { orderId, paymentId, userId: ctx.userId, restaurantId, totalCents },
          meta,
        )
      : event(
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
  ];
  await insertPlacedOrder(tx, {
    orderId,
    userId: ctx.userId,
    restaurantId,
    totalCents,
    deliveryAddress: input.deliveryAddress,
    deliveryLat: menu.dropOff.lat,
    deliveryLng: menu.dropOff.lng,
    note: input.note ? input.note : null,
    idempotencyKey: input.idempotencyKey,
    correlationId,
    actor,
    lines: orderLines,
    events,
    price,
    paymentMethod: input.paymentMethod ?? 'cash',
    couponCode: redemption?.code ?? null,
    status: card ? 'awaiting_payment' : 'created',
  });
  if (redemption) await recordRedemption(tx, redemption, { orderId, userId: ctx.userId });
  if (card) {
    // The ledger's charge, pending until the provider's webhook says otherwise.
    await tx.payment.create({
      data: {
        id: paymentId,
        orderId,
        kind: 'charge',
        provider: card.provider,
        amountCents: totalCents,
        currency: card.currency,
      },
      select: { id: true },
    });
  }

  const status = card ? 'awaiting_payment' : 'created';
  return { order: { orderId, status, totalCents }, replayed: false };
}

/**
 * The order's breakdown at the prices just locked: the restaurant's minimum, the coupon (one use
 * taken, under its row lock), the tip, and the quote the customer saw, which must match.
 */
async function priceInTransaction(
  tx: PrismaTransaction,
  input: PlaceOrderInput,
  ctx: PlaceOrderContext,
  menu: OrderMenu,
  lines: readonly { quantity: number; unitPriceCents: number }[],
): Promise<{ price: PriceBreakdown; redemption: Redemption | null }> {
  const dishes = priceOrder({ lines, fees: menu.fees });
  if (shortOfMinimum(dishes.subtotalCents, menu.fees) > 0) {
    throw new DomainError(
      'INVALID_ORDER',
      `Your order is below ${menu.restaurantName}’s minimum; add a little more to order.`,
    );
  }
  if (input.paymentMethod === 'card' && !ctx.payments) {
    throw new DomainError(
      'INVALID_REQUEST',
      'Card payments are not available right now; pay in cash on delivery.',
    );
  }
  const redemption = input.couponCode
    ? await redeemCoupon(tx, input.couponCode, {
        userId: ctx.userId,
        subtotalCents: dishes.subtotalCents,
        now: new Date(),
      })
    : null;
  const price = priceOrder({
    lines,
    fees: menu.fees,
    coupon: redemption?.terms ?? null,
    tipCents: input.tipCents ?? 0,
  });
  if (input.expectedTotalCents !== undefined && input.expectedTotalCents !== price.totalCents) {
    throw new DomainError(
      'QUOTE_CHANGED',
      'Your total changed since checkout showed it. Check the new total and order again.',
      { expectedTotalCents: input.expectedTotalCents, totalCents: price.totalCents },
    );
  }
  return { price, redemption };
}
