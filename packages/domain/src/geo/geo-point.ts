// Points on the map: distances, the straight line a simulated courier rides, and boxes around a
// delivery. Straight-line (great-circle) distance: no road data is available offline.

export interface GeoPoint {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_KM = 6371;

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point `fraction` (0…1) of the way from `a` to `b`; fine over a city's distances. */
export function pointAlong(a: GeoPoint, b: GeoPoint, fraction: number): GeoPoint {
  const f = Math.min(1, Math.max(0, fraction));
  return { lat: a.lat + (b.lat - a.lat) * f, lng: a.lng + (b.lng - a.lng) * f };
}

export interface GeoBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** The smallest box holding every point, widened by `paddingKm` on each side. */
export function boxAround(points: readonly GeoPoint[], paddingKm: number): GeoBox {
  if (points.length === 0) throw new Error('boxAround needs at least one point');
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const padLat = paddingKm / 111.32;
  const padLng = paddingKm / (111.32 * Math.max(0.1, Math.cos(radians(midLat))));
  return {
    south: Math.min(...lats) - padLat,
    north: Math.max(...lats) + padLat,
    west: Math.min(...lngs) - padLng,
    east: Math.max(...lngs) + padLng,
  };
}

export function isInBox(point: GeoPoint, box: GeoBox): boolean {
  return (
    point.lat >= box.south &&
    point.lat <= box.north &&
    point.lng >= box.west &&
    point.lng <= box.east
  );
}

export function boxCentre(box: GeoBox): GeoPoint {
  return { lat: (box.south + box.north) / 2, lng: (box.west + box.east) / 2 };
}

/** A valid latitude and longitude (finite, in range). */
export function isGeoPoint(point: GeoPoint): boolean {
  return (
    Number.isFinite(point.lat) &&
    Number.isFinite(point.lng) &&
    Math.abs(point.lat) <= 90 &&
    Math.abs(point.lng) <= 180
  );
}
