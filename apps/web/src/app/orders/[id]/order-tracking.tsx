'use client';

// The live parts of the order page. One provider runs the `order.track` subscription; the
// pieces below read it through context, so the server page keeps its own layout.
import type { ReactNode } from 'react';

import { createContext, useContext, useState } from 'react';

import type { OrderStatus } from '@tiffin/domain/client-safe';

import type { OrderTracking as OrderTrackingValue } from '../../../hooks/use-order-tracking';
import type { OrderTrackingSeed } from '../../../lib/order-tracking-state';
import { ConnectionIndicator } from '../../../components/connection-indicator';
import { OrderStatusBadge } from '../../../components/order-status-badge';
import { TimeOfDay } from '../../../components/time-of-day';
import { useOrderTracking } from '../../../hooks/use-order-tracking';
import { cancellationOf, trackingStateFromSeed } from '../../../lib/order-tracking-state';
import { isPermanentError } from '../../../lib/tracking-connection';
import { DeliveryProgress } from './delivery-progress';
import { OrderTimeline } from './order-timeline';

const TrackingContext = createContext<OrderTrackingValue | null>(null);

export function useTrackedOrder(): OrderTrackingValue {
  const tracking = useContext(TrackingContext);
  if (!tracking) throw new Error('Wrap the order page in <OrderTrackingProvider>.');
  return tracking;
}

export function OrderTrackingProvider({
  seed,
  children,
}: {
  seed: OrderTrackingSeed;
  children: ReactNode;
}) {
  const [initial] = useState(() => trackingStateFromSeed(seed));
  const tracking = useOrderTracking(seed.id, { initial });
  return <TrackingContext.Provider value={tracking}>{children}</TrackingContext.Provider>;
}

/** The status pill in the page heading, announced politely when it changes. */
export function LiveOrderStatus({ fallback }: { fallback: OrderStatus }) {
  const { status } = useTrackedOrder();
  return (
    <span aria-live="polite" aria-atomic="true">
      <OrderStatusBadge status={status ?? fallback} testId="order-status" />
    </span>
  );
}

const HEADLINES: Record<OrderStatus, string> = {
  awaiting_payment: 'Waiting for your payment. The kitchen sees the order once it is paid.',
  created: 'Order received. Waiting for the kitchen to confirm.',
  confirmed: 'The kitchen has confirmed your order.',
  preparing: 'Your food is being prepared.',
  ready_for_pickup: 'Your food is ready and waiting for the courier.',
  out_for_delivery: 'Your order is out for delivery.',
  delivered: 'Delivered.',
  cancelled: 'This order was cancelled.',
};

/** "Marco is on the way": the courier by first name once one has the delivery. */
function courierLine(delivery: OrderTrackingValue['delivery']): string | null {
  const name = delivery?.courierFirstName;
  if (!name) return null;
  if (delivery.status === 'assigned') return `${name} is heading to the restaurant to pick it up.`;
  if (delivery.status === 'on_the_way') return `${name} is on the way with your order.`;
  return null;
}

/**
 * Where the order is now: headline, courier, ETA or final state (with who cancelled and why),
 * and how fresh the view is. `viewerId` tells "you cancelled" from someone else doing it.
 */
export function OrderTrackingSummary({ viewerId }: { viewerId: string }) {
  const { status, eta, history, delivery, connection, error } = useTrackedOrder();
  const final = status === 'delivered' || status === 'cancelled';
  const finalAt = final ? history.find((step) => step.to === status)?.at : undefined;
  const cancellation = status === 'cancelled' ? cancellationOf(history, viewerId) : null;
  const courier = final ? null : courierLine(delivery);

  return (
    <section
      aria-labelledby="tracking-heading"
      className={`rounded-2xl border p-5 shadow-sm ${status === 'delivered' ? 'border-emerald-200 bg-emerald-50' : 'border-stone-200 bg-white'}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h2 id="tracking-heading" className="text-lg font-semibold">
          {final ? 'Your order' : 'Live tracking'}
        </h2>
        <ConnectionIndicator connection={connection} />
      </div>

      {final ? (
        <div data-testid="order-final" data-final={status} className="mt-3 flex items-center gap-3">
          <span
            aria-hidden="true"
            className={`flex h-10 w-10 shrink-0 items-center justify-center rounded-full text-lg font-bold text-white ${status === 'delivered' ? 'bg-emerald-600' : 'bg-stone-500'}`}
          >
            {status === 'delivered' ? '✓' : '×'}
          </span>
          <div>
            <p className="text-xl font-bold tracking-tight">
              {status === 'delivered' ? 'Delivered' : 'Cancelled'}
            </p>
            <p className="text-sm text-stone-600">
              {status === 'delivered' ? 'Arrived' : 'Cancelled'}
              {finalAt && (
                <>
                  {' at '}
                  <TimeOfDay value={finalAt} className="font-medium text-stone-800" />
                </>
              )}
              .{status === 'delivered' && ' Enjoy your meal!'}
            </p>
            {cancellation && (
              <p
                className="mt-1 font-medium text-stone-900"
                data-testid="cancellation"
                data-cancelled-by={cancellation.by}
              >
                {cancellation.text}
              </p>
            )}
          </div>
        </div>
      ) : (
        <div className="mt-3 space-y-1">
          <p className="text-xl font-bold tracking-tight">
            {status ? HEADLINES[status] : 'Loading your order…'}
          </p>
          {courier && (
            <p
              className="font-medium text-violet-800"
              data-testid="courier-name"
              data-courier={delivery?.courierFirstName ?? undefined}
            >
              {courier}
            </p>
          )}
          {eta && (
            <p className="text-sm text-stone-600" data-testid="order-eta">
              Estimated arrival <TimeOfDay value={eta} className="font-semibold text-stone-900" />
            </p>
          )}
        </div>
      )}

      {error && isPermanentError(error.code) && (
        <p
          role="alert"
          className="mt-4 rounded-xl bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200"
        >
          Live updates stopped: {error.message} Reload the page to try again.
        </p>
      )}
    </section>
  );
}

export function LiveOrderTimeline() {
  const { state } = useTrackedOrder();
  return <OrderTimeline state={state} />;
}

export function LiveDeliveryProgress({ className }: { className?: string }) {
  const { status, delivery } = useTrackedOrder();
  // A cancelled order never had a delivery to follow.
  if (status === 'cancelled' && !delivery) return null;
  return (
    <div className={className}>
      <DeliveryProgress delivery={delivery} />
    </div>
  );
}
