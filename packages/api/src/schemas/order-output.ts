// What cart.validate and order.* send: the cart check, the quote, a placed order, the customer's
// orders and one order in full. Enum lists mirror the domain's types; the routers' `.output()`
// fails to typecheck when the domain gains a value these lack.
import { z } from 'zod';

import {
  DeliveryStatus,
  OrderStatus,
  PaymentKind,
  PaymentMethod,
  PaymentStatus,
} from '@tiffin/db/enums';

import { cents, outputDate, outputId, outputText } from './output-fields';

export const orderStatusSchema = z.enum(OrderStatus).meta({ id: 'OrderStatus' });

const point = z.object({ lat: z.number(), lng: z.number() });

export const cartLineReportSchema = z
  .object({
    menuItemId: outputId(),
    quantity: z.int(),
    /** Null when the dish no longer exists. */
    name: outputText().nullable(),
    priceCents: cents().nullable(),
    stock: z.int(),
    problems: z.array(
      z.enum([
        'not_found',
        'unavailable',
        'sold_out',
        'insufficient_stock',
        'price_changed',
        'other_restaurant',
        'restaurant_closed',
      ]),
    ),
    /** Whether checkout would take this line as it stands (at today's price). */
    orderable: z.boolean(),
  })
  .meta({ id: 'CartLineReport' });

export const cartCheckSchema = z
  .object({
    lines: z.array(cartLineReportSchema),
    totalCents: cents(),
    ok: z.boolean(),
    restaurantId: outputId().nullable(),
  })
  .meta({ id: 'CartCheck' });

export const priceBreakdownSchema = z
  .object({
    subtotalCents: cents(),
    discountCents: cents(),
    serviceFeeCents: cents(),
    taxCents: cents(),
    deliveryFeeCents: cents(),
    tipCents: cents(),
    totalCents: cents(),
  })
  .meta({ id: 'PriceBreakdown' });

export const orderQuoteSchema = z
  .object({
    lines: z.array(cartLineReportSchema),
    /** The orderable lines only, with the coupon when it applies and the tip. */
    price: priceBreakdownSchema,
    fees: z
      .object({
        deliveryFeeCents: cents(),
        minimumOrderCents: cents(),
        serviceFeeBps: z.int(),
        taxRateBps: z.int(),
      })
      .nullable(),
    /** How much more the dishes must come to; 0 when the minimum is met. */
    shortOfMinimumCents: cents(),
    coupon: z
      .object({
        code: outputText(),
        applied: z.boolean(),
        refusal: z
          .enum(['unknown', 'disabled', 'expired', 'below_minimum', 'customer_limit', 'exhausted'])
          .nullable(),
        message: outputText().nullable(),
      })
      .nullable(),
    reasons: z.array(
      z.object({
        code: z.enum([
          'empty',
          'unorderable_lines',
          'restaurant_closed',
          'below_minimum',
          'invalid_coupon',
        ]),
        message: outputText(),
      }),
    ),
    /** True when nothing stops checkout (changed prices aside: the lines say so). */
    ok: z.boolean(),
  })
  .meta({ id: 'OrderQuote' });

export const placedOrderSchema = z
  .object({
    orderId: outputId(),
    status: orderStatusSchema,
    totalCents: cents(),
    /** A card order's payment: pay at `redirectUrl`. Null for cash. */
    payment: z
      .object({
        id: outputId(),
        redirectUrl: outputText(),
        status: z.enum(PaymentStatus),
        amountCents: cents(),
      })
      .nullable(),
  })
  .meta({ id: 'PlacedOrder' });

export const myOrdersSchema = z.array(
  z
    .object({
      id: outputId(),
      createdAt: outputDate(),
      status: orderStatusSchema,
      totalCents: cents(),
      restaurant: z.object({ name: outputText(), slug: outputText() }),
      _count: z.object({ items: z.int() }),
    })
    .meta({ id: 'OrderSummary' }),
);

export const orderViewSchema = z
  .object({
    id: outputId(),
    userId: outputId(),
    restaurantId: outputId(),
    status: orderStatusSchema,
    version: z.int(),
    correlationId: outputText(),
    createdAt: outputDate(),
    updatedAt: outputDate(),
    subtotalCents: cents(),
    deliveryFeeCents: cents(),
    serviceFeeCents: cents(),
    taxCents: cents(),
    tipCents: cents(),
    discountCents: cents(),
    totalCents: cents(),
    paymentMethod: z.enum(PaymentMethod),
    couponCode: outputText().nullable(),
    deliveryAddress: outputText(),
    note: outputText().nullable(),
    restaurant: z.object({
      id: outputId(),
      name: outputText(),
      slug: outputText(),
      address: outputText(),
      lat: z.number(),
      lng: z.number(),
    }),
    pickUp: point,
    dropOff: point,
    items: z.array(
      z.object({
        menuItemId: outputId(),
        name: outputText(),
        quantity: z.int(),
        unitPriceCents: cents(),
      }),
    ),
    statusChanges: z.array(
      z.object({
        at: outputDate(),
        actor: outputText(),
        reason: outputText().nullable(),
        from: orderStatusSchema.nullable(),
        to: orderStatusSchema,
      }),
    ),
    delivery: z
      .object({
        id: outputId(),
        createdAt: outputDate(),
        status: z.enum(DeliveryStatus),
        courierId: outputId().nullable(),
        courierFirstName: outputText().nullable(),
        assignedAt: outputDate().nullable(),
        pickedUpAt: outputDate().nullable(),
        deliveredAt: outputDate().nullable(),
      })
      .nullable(),
    payments: z.array(
      z.object({
        id: outputId(),
        createdAt: outputDate(),
        kind: z.enum(PaymentKind),
        providerRef: outputText().nullable(),
        amountCents: cents(),
        currency: outputText(),
        status: z.enum(PaymentStatus),
        lastError: outputText().nullable(),
        succeededAt: outputDate().nullable(),
      }),
    ),
  })
  .meta({ id: 'Order' });

export const orderStepResultSchema = z
  .object({ orderId: outputId(), status: orderStatusSchema, version: z.int() })
  .meta({ id: 'OrderStepResult' });
