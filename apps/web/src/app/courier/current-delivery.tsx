'use client';

// The delivery on the courier's hands: the route on the map with where they are, the kitchen's
// progress (followed live through `order.track`), "Picked up" once the food is ready, "Delivered"
// at the door, and their position shared all the way (the device's, or a simulated one).
import { useState } from 'react';

import type { RouterOutputs } from '@tiffin/api';
import { boxAround, distanceKm } from '@tiffin/domain/client-safe';

import type { MapMarker } from '../../components/map/offline-map';
import { formatDistance, widenToRatio } from '../../components/map/map-projection';
import { OfflineMap } from '../../components/map/offline-map';
import { Button } from '../../components/ui/button';
import { useOrderTracking } from '../../hooks/use-order-tracking';
import { usePositionReporter } from '../../hooks/use-position-reporter';
import { ORDER_STATUS_LABELS } from '../../lib/order-status';
import { api } from '../../trpc/react';

type Current = NonNullable<RouterOutputs['courier']['current']>;

export function CurrentDelivery({
  delivery,
  tileUrl,
}: {
  delivery: Current;
  tileUrl: string | null;
}) {
  const utils = api.useUtils();
  // The kitchen's steps arrive live, so "Picked up" lights up the moment the food is ready.
  const tracking = useOrderTracking(delivery.orderId);
  const orderStatus = tracking.status ?? delivery.orderStatus;
  const onTheWay = delivery.status === 'on_the_way';
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = () => {
    void utils.courier.current.invalidate();
    void utils.courier.status.invalidate();
    void utils.courier.offers.invalidate();
  };
  const onError = (error: { message: string }) => {
    setProblem(error.message);
    refresh();
  };
  const pickUp = api.courier.pickUp.useMutation({ onSuccess: refresh, onError });
  const deliver = api.courier.deliver.useMutation({ onSuccess: refresh, onError });

  const reporter = usePositionReporter({
    orderId: delivery.orderId,
    active: delivery.status === 'assigned' || delivery.status === 'on_the_way',
    // Until the pick-up the ride ends at the restaurant; then at the customer's door.
    leg: onTheWay
      ? { from: delivery.pickUp, to: delivery.dropOff }
      : { from: delivery.pickUp, to: delivery.pickUp },
  });

  const me = reporter.position;
  const target = onTheWay ? delivery.dropOff : delivery.pickUp;
  const frame = boxAround([delivery.pickUp, delivery.dropOff, ...(me ? [me] : [])], 0.5);
  const markers: MapMarker[] = [
    { kind: 'restaurant', point: delivery.pickUp, label: delivery.restaurant.name },
    { kind: 'dropOff', point: delivery.dropOff, label: delivery.customerFirstName },
  ];
  if (me) markers.push({ kind: 'courier', point: me, label: 'You' });
  const toGo = me ? formatDistance(distanceKm(me, target) * 1000) : null;
  const whereTo = onTheWay ? `${delivery.customerFirstName}’s door` : delivery.restaurant.name;
  const ready = orderStatus === 'ready_for_pickup';

  return (
    <section
      aria-labelledby="current-heading"
      data-testid="current-delivery"
      data-order-id={delivery.orderId}
      data-status={delivery.status}
      data-order-status={orderStatus}
      className="space-y-4 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <div className="space-y-1">
        <h2 id="current-heading" className="text-xl font-bold tracking-tight">
          {onTheWay
            ? `Take it to ${delivery.customerFirstName}`
            : `Pick up at ${delivery.restaurant.name}`}
        </h2>
        <p className="text-sm text-stone-600">
          {onTheWay ? delivery.dropOff.address : delivery.restaurant.address} · trip{' '}
          {formatDistance(delivery.tripKm * 1000)}
        </p>
      </div>

      <OfflineMap
        box={widenToRatio(frame, 0.75)}
        markers={markers}
        route={[delivery.pickUp, delivery.dropOff]}
        description={`Route from ${delivery.restaurant.name} to ${delivery.customerFirstName}’s drop-off.${
          toGo ? ` You are ${toGo} from ${whereTo}.` : ''
        }`}
        tileUrl={tileUrl}
        testId="courier-map"
      />
      {toGo && (
        <p className="text-base font-medium text-violet-800" data-testid="courier-to-go">
          {toGo} to {whereTo}
        </p>
      )}

      <PositionSharing reporter={reporter} />

      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-stone-600">Kitchen</dt>
        <dd className="font-semibold" data-testid="courier-kitchen-status">
          {ORDER_STATUS_LABELS[orderStatus]}
        </dd>
        <dt className="text-stone-600">Items</dt>
        <dd>{delivery.items.map((item) => `${item.quantity}× ${item.name}`).join(', ')}</dd>
        {delivery.note && (
          <>
            <dt className="text-stone-600">Note</dt>
            <dd>{delivery.note}</dd>
          </>
        )}
      </dl>

      {problem && (
        <p
          role="alert"
          data-testid="courier-step-error"
          className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200"
        >
          {problem}
        </p>
      )}

      {onTheWay ? (
        <Button
          size="lg"
          className="min-h-14 w-full text-lg"
          data-testid="deliver"
          pending={deliver.isPending}
          onClick={() => {
            setProblem(null);
            deliver.mutate({ orderId: delivery.orderId });
          }}
        >
          Delivered
        </Button>
      ) : (
        <div className="space-y-2">
          {!ready && (
            <p className="text-sm text-amber-900" data-testid="kitchen-cooking">
              The kitchen is still cooking ({ORDER_STATUS_LABELS[orderStatus].toLowerCase()}).
              “Picked up” opens when the food is ready.
            </p>
          )}
          <Button
            size="lg"
            className="min-h-14 w-full text-lg"
            data-testid="pick-up"
            disabled={!ready}
            pending={pickUp.isPending}
            onClick={() => {
              setProblem(null);
              pickUp.mutate({ orderId: delivery.orderId });
            }}
          >
            Picked up
          </Button>
        </div>
      )}
    </section>
  );
}

function PositionSharing({ reporter }: { reporter: ReturnType<typeof usePositionReporter> }) {
  const { source, problem, refusal, accepted, position } = reporter;
  return (
    <div
      className="space-y-2 rounded-xl bg-stone-50 px-4 py-3 text-sm ring-1 ring-stone-200"
      data-testid="position-sharing"
      data-source={source}
      data-problem={problem ?? 'none'}
      data-accepted={accepted}
    >
      {source === 'simulated' ? (
        <p>Sharing a simulated position, riding the route at a steady pace.</p>
      ) : problem ? (
        <>
          <p className="font-medium text-amber-900">
            {problem === 'denied'
              ? 'Tiffin may not use your location, so the customer can’t see you coming.'
              : 'Your device can’t tell where you are right now.'}{' '}
            Allow location access in your browser, or simulate a position for a demo.
          </p>
          <Button
            variant="secondary"
            className="min-h-12 w-full"
            data-testid="simulate-position"
            onClick={reporter.simulate}
          >
            Simulate my position
          </Button>
        </>
      ) : position ? (
        <p>Sharing your position with the customer while you ride.</p>
      ) : (
        <>
          <p>Waiting for your location…</p>
          <Button
            variant="secondary"
            className="min-h-12 w-full"
            data-testid="simulate-position"
            onClick={reporter.simulate}
          >
            Simulate my position
          </Button>
        </>
      )}
      {refusal && (
        <p role="alert" className="font-medium text-red-800" data-testid="position-refused">
          Your position was refused: {refusal}
        </p>
      )}
    </div>
  );
}
