// A kitchen's real pace, for arrival estimates: the median time of each stage over its recent
// orders (the autopilot's restaurants included, so the estimate matches what customers see).
import type { Db } from '@tiffin/db';

import type { KitchenTimings } from './estimate-arrival';
import { DEFAULT_KITCHEN_TIMINGS } from './estimate-arrival';

/** Enough orders to be steady, few enough to follow a kitchen that speeds up or slows down. */
const RECENT_ORDERS = 50;

/** Medians of this restaurant's recent stages; a stage it has no history of keeps the default. */
export async function kitchenTimings(db: Db, restaurantId: string): Promise<KitchenTimings> {
  const [row] = await db.$queryRaw<
    { acceptMs: number | null; prepareMs: number | null; handoverMs: number | null }[]
  >`
    WITH recent AS (
      SELECT "id", "createdAt" FROM "Order"
      WHERE "restaurantId" = ${restaurantId}::uuid AND "status" <> 'cancelled'
      ORDER BY "createdAt" DESC LIMIT ${RECENT_ORDERS}
    ), stages AS (
      SELECT r."createdAt",
             max(c."at") FILTER (WHERE c."to" = 'confirmed') AS "confirmedAt",
             max(c."at") FILTER (WHERE c."to" = 'ready_for_pickup') AS "readyAt",
             max(c."at") FILTER (WHERE c."to" = 'out_for_delivery') AS "pickedUpAt"
      FROM recent r JOIN "OrderStatusChange" c ON c."orderId" = r."id"
      GROUP BY r."id", r."createdAt"
    )
    SELECT
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "confirmedAt" - "createdAt"))
        * 1000 AS "acceptMs",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "readyAt" - "confirmedAt"))
        * 1000 AS "prepareMs",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "pickedUpAt" - "readyAt"))
        * 1000 AS "handoverMs"
    FROM stages`;
  const pick = (value: number | null | undefined, fallback: number) =>
    value === null || value === undefined || !Number.isFinite(Number(value))
      ? fallback
      : Math.round(Number(value));
  return {
    acceptMs: pick(row?.acceptMs, DEFAULT_KITCHEN_TIMINGS.acceptMs),
    prepareMs: pick(row?.prepareMs, DEFAULT_KITCHEN_TIMINGS.prepareMs),
    handoverMs: pick(row?.handoverMs, DEFAULT_KITCHEN_TIMINGS.handoverMs),
  };
}
