'use client';

// Where the courier should bring the order: a pin on a map of the restaurant's delivery area. No
// geocoder can be reached offline, so the customer places it: click or tap the map, drag the pin,
// or focus it and use the arrow keys (Shift for bigger steps). Its distance is announced.
import type { KeyboardEvent, PointerEvent } from 'react';

import { useRef } from 'react';

import type { GeoPoint } from '@tiffin/domain/client-safe';
import { boxAround, DELIVERY_RADIUS_KM, distanceKm } from '@tiffin/domain/client-safe';

import { createProjection, formatDistance } from '../../components/map/map-projection';
import { MAP_WIDTH, OfflineMap } from '../../components/map/offline-map';
import { ARROWS, movePin, round6, STEP_KM } from './pin-moves';

export interface DropOffPickerProps {
  restaurant: { name: string; location: GeoPoint };
  pin: GeoPoint;
  onMove: (pin: GeoPoint) => void;
  tileUrl: string | null;
  /** Set when the pin is outside the delivery area. */
  error: string | null;
}

export function DropOffPicker({ restaurant, pin, onMove, tileUrl, error }: DropOffPickerProps) {
  // The delivery area with a margin, so its edge and a pin just outside it both show.
  const box = boxAround([restaurant.location], DELIVERY_RADIUS_KM + 0.6);
  const projection = createProjection(box, MAP_WIDTH);
  const at = projection.project(pin);
  const dragging = useRef(false);
  const distance = formatDistance(distanceKm(restaurant.location, pin) * 1000);
  const where = `Drop-off pin ${distance} from ${restaurant.name}`;

  function moveTo(point: GeoPoint) {
    onMove({ lat: round6(point.lat), lng: round6(point.lng) });
  }

  /** The place under the pointer, from the map's box on the screen. */
  function pointAt(event: PointerEvent<HTMLElement>, area: HTMLElement): GeoPoint {
    const rect = area.getBoundingClientRect();
    return projection.unproject({
      x: ((event.clientX - rect.left) / rect.width) * projection.width,
      y: ((event.clientY - rect.top) / rect.height) * projection.height,
    });
  }

  function handleKey(event: KeyboardEvent<HTMLButtonElement>) {
    const arrow = ARROWS[event.key];
    if (!arrow) return;
    event.preventDefault();
    const km = STEP_KM * (event.shiftKey ? 5 : 1);
    onMove(movePin(pin, arrow[0] * km, arrow[1] * km));
  }

  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-stone-800" id="drop-off-help">
        Drop-off point: tap the map or drag the pin; on a keyboard, focus the pin and use the arrow
        keys.
      </p>
      <OfflineMap
        box={box}
        markers={[{ kind: 'restaurant', point: restaurant.location, label: restaurant.name }]}
        zone={{ centre: restaurant.location, radiusKm: DELIVERY_RADIUS_KM }}
        description={`Map of ${restaurant.name}'s delivery area, ${DELIVERY_RADIUS_KM} km around it. ${where}.`}
        tileUrl={tileUrl}
        onPick={(point) => moveTo(point)}
        testId="drop-off-map"
        className="max-w-lg"
        overlay={
          <button
            type="button"
            data-testid="drop-off-pin"
            data-lat={pin.lat.toFixed(6)}
            data-lng={pin.lng.toFixed(6)}
            data-inside={String(error === null)}
            aria-label={`${where}. Move it with the arrow keys.`}
            aria-describedby="drop-off-help"
            onKeyDown={handleKey}
            onPointerDown={(event) => {
              dragging.current = true;
              event.currentTarget.setPointerCapture(event.pointerId);
            }}
            onPointerMove={(event) => {
              const area = event.currentTarget.parentElement;
              if (dragging.current && area) moveTo(pointAt(event, area));
            }}
            onPointerUp={() => (dragging.current = false)}
            onPointerCancel={() => (dragging.current = false)}
            style={{
              left: `${(at.x / projection.width) * 100}%`,
              top: `${(at.y / projection.height) * 100}%`,
            }}
            className="absolute flex h-11 w-11 -translate-x-1/2 -translate-y-full touch-none cursor-grab items-end justify-center rounded-full focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand-700 active:cursor-grabbing"
          >
            <svg viewBox="0 0 28 40" aria-hidden="true" className="h-10 w-7 drop-shadow">
              <path
                d="M14 40 C10 30 0 24 0 13 A14 14 0 1 1 28 13 C28 24 18 30 14 40 Z"
                fill={error ? '#b91c1c' : '#1d4ed8'}
                stroke="#ffffff"
                strokeWidth="2.5"
              />
              <circle cx="14" cy="13" r="5" fill="#ffffff" />
            </svg>
          </button>
        }
      />
      <p
        aria-live="polite"
        data-testid="drop-off-distance"
        className="text-sm tabular-nums text-stone-700"
      >
        {where}
        {error ? '' : ', inside the delivery area.'}
      </p>
      {error && (
        <p
          role="alert"
          data-testid="drop-off-error"
          className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200"
        >
          {error}
        </p>
      )}
    </div>
  );
}
