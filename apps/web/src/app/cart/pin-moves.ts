// How the checkout's drop-off pin moves from the keyboard: by real distances (an arrow is 100 m
// north, south, east or west at any latitude), rounded to the six decimals an order keeps.
import type { GeoPoint } from '@tiffin/domain/client-safe';

/** One arrow key press moves the pin this far; with Shift, five times as far. */
export const STEP_KM = 0.1;
const KM_PER_DEGREE = 111.32;

export const ARROWS: Record<string, [north: number, east: number]> = {
  ArrowUp: [1, 0],
  ArrowDown: [-1, 0],
  ArrowRight: [0, 1],
  ArrowLeft: [0, -1],
};

/** The pin moved `km` north and east (negative: south and west). */
export function movePin(pin: GeoPoint, northKm: number, eastKm: number): GeoPoint {
  const lngKm = KM_PER_DEGREE * Math.cos((pin.lat * Math.PI) / 180);
  return {
    lat: round6(pin.lat + northKm / KM_PER_DEGREE),
    lng: round6(pin.lng + eastKm / lngKm),
  };
}

export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
