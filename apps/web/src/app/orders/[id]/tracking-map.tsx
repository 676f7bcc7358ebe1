'use client';

// The order on the map: the restaurant, the drop-off and, once a courier has it, the courier
// moving with each `courier_position` message. Its description (and the line under it) says how
// far away the courier is, so the picture is not the only way to know.
import type { GeoPoint } from '@tiffin/domain/client-safe';
import { boxAround, distanceKm, isInBox } from '@tiffin/domain/client-safe';

import type { MapMarker } from '../../../components/map/offline-map';
import { formatDistance, widenToRatio } from '../../../components/map/map-projection';
import { OfflineMap } from '../../../components/map/offline-map';
import { useTrackedOrder } from './order-tracking';

/** Room around restaurant and drop-off, so the pins never sit on the edge. */
const PADDING_KM = 0.6;

export function LiveTrackingMap({ tileUrl }: { tileUrl: string | null }) {
  const { state, status, delivery } = useTrackedOrder();
  const places = state.places;
  if (!places || status === 'cancelled') return null;

  const { restaurant, dropOff } = places;
  const riding =
    status !== 'delivered' &&
    (delivery?.status === 'assigned' || delivery?.status === 'on_the_way');
  const courier: GeoPoint | null = riding && state.courierPosition ? state.courierPosition : null;
  const name = delivery?.courierFirstName ?? 'Your courier';

  // The frame stays put while the courier rides inside it, and only grows when they leave it.
  const frame = boxAround([restaurant.location, dropOff], PADDING_KM);
  const box = widenToRatio(
    courier && !isInBox(courier, frame)
      ? boxAround([restaurant.location, dropOff, courier], PADDING_KM)
      : frame,
    0.62,
  );

  const markers: MapMarker[] = [
    { kind: 'restaurant', point: restaurant.location, label: restaurant.name },
    { kind: 'dropOff', point: dropOff, label: 'You' },
  ];
  if (courier) markers.push({ kind: 'courier', point: courier, label: name });

  const away = courier ? formatDistance(distanceKm(courier, dropOff) * 1000) : null;
  const whereCourier = !courier
    ? null
    : delivery?.status === 'assigned'
      ? `${name} is on the way to ${restaurant.name}, ${away} from you`
      : `${name} is ${away} from you`;
  const description = `Map of your delivery from ${restaurant.name} to your drop-off point${
    whereCourier ? `. ${whereCourier}` : ''
  }.`;

  return (
    <section
      aria-labelledby="map-heading"
      className="space-y-3 rounded-2xl border border-stone-200 bg-white p-5 shadow-sm"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="map-heading" className="text-lg font-semibold">
          Map
        </h2>
        {whereCourier && (
          <p className="text-sm font-medium text-violet-800" data-testid="courier-distance">
            {whereCourier}
          </p>
        )}
      </div>
      <OfflineMap
        box={box}
        markers={markers}
        route={[restaurant.location, dropOff]}
        description={description}
        tileUrl={tileUrl}
        testId="tracking-map"
      />
    </section>
  );
}
