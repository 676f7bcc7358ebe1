'use client';

// A saved address's map point: click or tap the map, or focus the pin and use the arrow keys
// (Shift for bigger steps), as on checkout's drop-off map. Drawn offline around the city.
import type { KeyboardEvent } from 'react';

import type { GeoPoint } from '@tiffin/domain/client-safe';
import { boxAround, DELIVERY_RADIUS_KM } from '@tiffin/domain/client-safe';

import { createProjection } from '../../components/map/map-projection';
import { MAP_WIDTH, OfflineMap } from '../../components/map/offline-map';
import { ARROWS, movePin, round6, STEP_KM } from '../cart/pin-moves';

export function AddressPointPicker({
  centre,
  point,
  onMove,
  tileUrl,
  label,
}: {
  centre: GeoPoint;
  point: GeoPoint;
  onMove: (point: GeoPoint) => void;
  tileUrl: string | null;
  /** Names the pin for screen readers ("Home", "New address"). */
  label: string;
}) {
  const box = boxAround([centre, point], DELIVERY_RADIUS_KM + 1);
  const projection = createProjection(box, MAP_WIDTH);
  const at = projection.project(point);
  const where = `${label} at ${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}`;

  function handleKey(event: KeyboardEvent<HTMLButtonElement>) {
    const arrow = ARROWS[event.key];
    if (!arrow) return;
    event.preventDefault();
    const km = STEP_KM * (event.shiftKey ? 5 : 1);
    onMove(movePin(point, arrow[0] * km, arrow[1] * km));
  }

  return (
    <div className="space-y-2">
      <p className="text-sm text-stone-700" id="address-point-help">
        Map point: tap the map; on a keyboard, focus the pin and use the arrow keys.
      </p>
      <OfflineMap
        box={box}
        markers={[]}
        description={`Map for choosing where ${label} is. ${where}.`}
        tileUrl={tileUrl}
        onPick={(picked) => onMove({ lat: round6(picked.lat), lng: round6(picked.lng) })}
        testId="address-map"
        className="max-w-md"
        overlay={
          <button
            type="button"
            data-testid="address-pin"
            data-lat={point.lat.toFixed(6)}
            data-lng={point.lng.toFixed(6)}
            aria-label={`${where}. Move it with the arrow keys.`}
            aria-describedby="address-point-help"
            onKeyDown={handleKey}
            style={{
              left: `${(at.x / projection.width) * 100}%`,
              top: `${(at.y / projection.height) * 100}%`,
            }}
            className="absolute flex h-11 w-11 -translate-x-1/2 -translate-y-full items-end justify-center rounded-full focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
          >
            <svg viewBox="0 0 28 40" aria-hidden="true" className="h-10 w-7 drop-shadow">
              <path
                d="M14 40 C10 30 0 24 0 13 A14 14 0 1 1 28 13 C28 24 18 30 14 40 Z"
                fill="#1d4ed8"
                stroke="#ffffff"
                strokeWidth="2.5"
              />
              <circle cx="14" cy="13" r="5" fill="#ffffff" />
            </svg>
          </button>
        }
      />
    </div>
  );
}
