// The checkout's one write: the order, its lines, its first history row and its outbox events
// in a single statement (a data-modifying CTE).
import type { PrismaTransaction } from '@tiffin/db';
import type { Envelope } from '@tiffin/events';

import type { PriceBreakdown } from '../pricing/price-order';
import { outboxRow } from '../outbox/write-outbox';

export interface PlacedOrderRows {
  orderId: string;
  userId: string;
  restaurantId: string;
  totalCents: number;
  deliveryAddress: string;
  deliveryLat: number;
  deliveryLng: number;
  note: string | null;
  idempotencyKey: string;
  correlationId: string;
  actor: string;
  lines: { menuItemId: string; name: string; quantity: number; unitPriceCents: number }[];
  events: Envelope[];
  /** The breakdown; without one the order is dishes only (subtotal = total). */
  price?: PriceBreakdown;
  paymentMethod?: 'cash' | 'card';
  /** `created` (the kitchen sees it) unless a card payment must come first. */
  status?: 'created' | 'awaiting_payment';
  couponCode?: string | null;
}

/**
 * The order, its lines, its first history row and its outbox events in one statement. Inside
 * an interactive transaction each Prisma statement costs ~0.3 ms of CPU, and checkout is CPU
 * bound, so four to six inserts become one. Columns follow prisma/schema.prisma (the drift test
 * keeps them honest, and the placeOrder tests read every row back through Prisma). Exported,
 * with its parameters, so bench:orders' raw-pg baseline sends exactly this statement.
 */
export const INSERT_PLACED_ORDER_SQL = `
  WITH new_order AS (
    INSERT INTO "Order" ("id", "userId", "restaurantId", "totalCents", "deliveryAddress", "note",
                         "idempotencyKey", "correlationId", "deliveryLat", "deliveryLng", "updatedAt",
                         "subtotalCents", "deliveryFeeCents", "serviceFeeCents", "taxCents",
                         "tipCents", "discountCents", "paymentMethod", "couponCode", "status")
    VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, $8::uuid, $12, $13,
            now() AT TIME ZONE 'UTC', $14, $15, $16, $17, $18, $19, $20::"PaymentMethod", $21,
            $22::"OrderStatus")
    RETURNING "id"
  ), order_items AS (
    INSERT INTO "OrderItem" ("id", "orderId", "menuItemId", "name", "quantity", "unitPriceCents")
    SELECT gen_random_uuid(), new_order."id", l."menuItemId", l."name", l."quantity", l."unitPriceCents"
    FROM new_order,
         jsonb_to_recordset($9::jsonb)
           AS l("menuItemId" uuid, "name" text, "quantity" int, "unitPriceCents" int)
  ), first_step AS (
    INSERT INTO "OrderStatusChange" ("id", "orderId", "from", "to", "at", "actor")
    SELECT gen_random_uuid(), new_order."id", NULL, $22::"OrderStatus", now() AT TIME ZONE 'UTC', $10
    FROM new_order
  )
  INSERT INTO "OutboxEvent" ("id", "type", "stream", "source", "payload", "correlationId",
                             "causationId", "createdAt", "traceparent", "tracestate")
  SELECT e."id", e."type", e."stream", e."source", e."payload", e."correlationId",
         e."causationId", e."createdAt", e."traceparent", e."tracestate"
  FROM jsonb_to_recordset($11::jsonb)
         AS e("id" uuid, "type" text, "stream" text, "source" text, "payload" jsonb,
              "correlationId" uuid, "causationId" uuid, "createdAt" timestamp(3), "position" int,
              "traceparent" text, "tracestate" text)
  ORDER BY e."position"`;

/** INSERT_PLACED_ORDER_SQL's parameters, $1 to $22. */
export function placedOrderParams(rows: PlacedOrderRows): (string | number | null)[] {
  // `position` keeps the events' order in their `seq`, which the relay publishes by.
  const events = rows.events.map((envelope, position) => {
    const row = outboxRow(envelope);
    return { ...row, createdAt: row.createdAt.toISOString(), position };
  });
  const price = rows.price ?? dishesOnly(rows.totalCents);
  return [
    rows.orderId,
    rows.userId,
    rows.restaurantId,
    rows.totalCents,
    rows.deliveryAddress,
    rows.note,
    rows.idempotencyKey,
    rows.correlationId,
    JSON.stringify(rows.lines),
    rows.actor,
    JSON.stringify(events),
    rows.deliveryLat,
    rows.deliveryLng,
    price.subtotalCents,
    price.deliveryFeeCents,
    price.serviceFeeCents,
    price.taxCents,
    price.tipCents,
    price.discountCents,
    rows.paymentMethod ?? 'cash',
    rows.couponCode ?? null,
    rows.status ?? 'created',
  ];
}

export async function insertPlacedOrder(
  tx: PrismaTransaction,
  rows: PlacedOrderRows,
): Promise<void> {
  // A constant statement with positional parameters: "Unsafe" only names the string API.
  await tx.$executeRawUnsafe(INSERT_PLACED_ORDER_SQL, ...placedOrderParams(rows));
}

function dishesOnly(totalCents: number): PriceBreakdown {
  return {
    subtotalCents: totalCents,
    discountCents: 0,
    serviceFeeCents: 0,
    taxCents: 0,
    deliveryFeeCents: 0,
    tipCents: 0,
    totalCents,
  };
}
