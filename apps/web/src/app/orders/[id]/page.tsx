// One order: id, lines, total and address rendered on the server, and its status, steps and
// delivery kept live by the client pieces in order-tracking.tsx. Someone else's order and a
// missing one look the same (404), so nothing leaks about other orders.
import type { Metadata } from 'next';

import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';

import { LocalTime } from '../../../components/local-time';
import { Money } from '../../../components/money';
import { PaymentSummary } from '../../../components/payment-summary';
import { PriceBreakdownList } from '../../../components/price-breakdown';
import { signInPath } from '../../../lib/signin-redirect';
import { getSessionUser } from '../../../server/auth';
import { getCaller, isTRPCErrorCode } from '../../../server/caller';
import { mapTileUrl } from '../../../server/map-tiles-config';
import { OrderReview } from './order-review';
import {
  LiveDeliveryProgress,
  LiveOrderStatus,
  LiveOrderTimeline,
  OrderTrackingProvider,
  OrderTrackingSummary,
} from './order-tracking';
import { LiveTrackingMap } from './tracking-map';

export const metadata: Metadata = { title: 'Your order' };

async function loadOrder(orderId: string) {
  const api = await getCaller();
  try {
    return await api.order.byId({ orderId });
  } catch (error) {
    if (isTRPCErrorCode(error, 'NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST')) notFound();
    throw error;
  }
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getSessionUser();
  if (!user) redirect(signInPath(`/orders/${id}`));

  const order = await loadOrder(id);
  // Only what the live view needs crosses to the browser.
  const seed = {
    id: order.id,
    status: order.status,
    version: order.version,
    statusChanges: order.statusChanges,
    delivery: order.delivery,
    places: {
      restaurant: {
        name: order.restaurant.name,
        location: { lat: order.restaurant.lat, lng: order.restaurant.lng },
      },
      dropOff: order.dropOff,
    },
  };

  return (
    <OrderTrackingProvider key={order.id} seed={seed}>
      <div className="space-y-6">
        <div className="space-y-2">
          <Link href="/orders" className="text-sm font-medium text-stone-600 hover:text-stone-900">
            ← All orders
          </Link>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">
              Order from{' '}
              <Link href={`/r/${order.restaurant.slug}`} className="text-brand-700 hover:underline">
                {order.restaurant.name}
              </Link>
            </h1>
            <LiveOrderStatus fallback={order.status} />
          </div>
          <p className="text-sm text-stone-500">
            Order{' '}
            <span className="font-mono text-stone-700" data-testid="order-id">
              {order.id}
            </span>{' '}
            · placed <LocalTime value={order.createdAt} />
          </p>
        </div>

        <OrderTrackingSummary viewerId={user.id} />

        <div className="grid gap-6 lg:grid-cols-[1fr_340px]">
          <div className="min-w-0 space-y-6 self-start">
            <LiveTrackingMap tileUrl={mapTileUrl()} />
            <section
              aria-labelledby="items-heading"
              className="rounded-2xl border border-stone-200 bg-white p-5 shadow-sm"
            >
              <h2 id="items-heading" className="mb-3 text-lg font-semibold">
                Items
              </h2>
              <ul className="divide-y divide-stone-100" data-testid="order-lines">
                {order.items.map((item) => (
                  <li
                    key={item.menuItemId}
                    className="flex items-center justify-between gap-4 py-2.5"
                  >
                    <span>
                      <span className="font-semibold tabular-nums">{item.quantity}×</span>{' '}
                      {item.name}
                      <span className="ml-2 text-sm text-stone-500">
                        <Money cents={item.unitPriceCents} /> each
                      </span>
                    </span>
                    <span className="font-medium tabular-nums">
                      <Money cents={item.unitPriceCents * item.quantity} />
                    </span>
                  </li>
                ))}
              </ul>
              <div className="mt-3 border-t border-stone-200 pt-3">
                <PriceBreakdownList
                  price={order}
                  couponCode={order.couponCode}
                  testIdPrefix="order"
                />
                <PaymentSummary order={order} />
                <Link
                  href={`/orders/${order.id}/receipt`}
                  className="mt-2 inline-block text-sm font-semibold text-brand-800 underline"
                  data-testid="receipt-link"
                >
                  Printable receipt
                </Link>
              </div>
            </section>
          </div>

          <div className="space-y-6">
            {order.userId === user.id && <OrderReview orderId={order.id} />}
            <section
              aria-labelledby="delivery-heading"
              className="rounded-2xl border border-stone-200 bg-white p-5 shadow-sm"
            >
              <h2 id="delivery-heading" className="mb-2 text-lg font-semibold">
                Delivery
              </h2>
              <p className="whitespace-pre-line" data-testid="order-address">
                {order.deliveryAddress}
              </p>
              {order.note && <p className="mt-2 text-sm text-stone-600">Note: {order.note}</p>}
              <LiveDeliveryProgress className="mt-4 border-t border-stone-100 pt-4" />
            </section>

            <section
              aria-labelledby="history-heading"
              className="rounded-2xl border border-stone-200 bg-white p-5 shadow-sm"
            >
              <h2 id="history-heading" className="mb-3 text-lg font-semibold">
                Progress
              </h2>
              <LiveOrderTimeline />
            </section>
          </div>
        </div>
      </div>
    </OrderTrackingProvider>
  );
}
