// Lat/lng → SVG coordinates for the offline map. Equirectangular with a cos(latitude) correction:
// at city scale (a few km) it is within a fraction of a percent of the real thing, needs no
// library, and keeps a kilometre the same length across and up the map.
import type { GeoBox, GeoPoint } from '@tiffin/domain/client-safe';

export interface MapPoint {
  x: number;
  y: number;
}

export interface MapProjection {
  box: GeoBox;
  /** SVG user units across; the height follows from the box's shape. */
  width: number;
  height: number;
  /** How many metres one SVG unit covers, the same horizontally and vertically. */
  metresPerUnit: number;
  project: (point: GeoPoint) => MapPoint;
  unproject: (point: MapPoint) => GeoPoint;
}

/** Metres in one degree of latitude (and of longitude at the equator), on the mean sphere. */
export const METRES_PER_DEGREE = 111_320;

/** The projection of `box` onto an SVG `width` units wide. */
export function createProjection(box: GeoBox, width: number): MapProjection {
  const midLat = (box.south + box.north) / 2;
  const lngScale = Math.max(0.1, Math.cos((midLat * Math.PI) / 180));
  const spanX = (box.east - box.west) * lngScale;
  const spanY = box.north - box.south;
  if (!(spanX > 0) || !(spanY > 0)) throw new Error('A map needs a box with an area');
  const unitsPerDegree = width / spanX;
  const height = spanY * unitsPerDegree;
  return {
    box,
    width,
    height,
    metresPerUnit: METRES_PER_DEGREE / unitsPerDegree,
    project: (point) => ({
      x: (point.lng - box.west) * lngScale * unitsPerDegree,
      y: (box.north - point.lat) * unitsPerDegree,
    }),
    unproject: (point) => ({
      lat: box.north - point.y / unitsPerDegree,
      lng: box.west + point.x / (lngScale * unitsPerDegree),
    }),
  };
}

/** A point kept inside the box (for positions reported a little outside it). */
export function clampToBox(point: GeoPoint, box: GeoBox): GeoPoint {
  return {
    lat: Math.min(box.north, Math.max(box.south, point.lat)),
    lng: Math.min(box.east, Math.max(box.west, point.lng)),
  };
}

export interface ScaleBar {
  /** The distance the bar stands for. */
  metres: number;
  /** Its length in SVG units. */
  length: number;
  label: string;
}

/** The longest 1-2-5 round distance that fits in `maxLength` units ("500 m", "1 km", "2 km"). */
export function scaleBarFor(metresPerUnit: number, maxLength: number): ScaleBar {
  const maxMetres = metresPerUnit * maxLength;
  const magnitude = 10 ** Math.floor(Math.log10(maxMetres));
  const step = [5, 2, 1].map((m) => m * magnitude).find((m) => m <= maxMetres) ?? magnitude;
  return { metres: step, length: step / metresPerUnit, label: formatDistance(step) };
}

/** "350 m", "1.2 km", "12 km": how far, as people read it. */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${Math.round(metres / 10) * 10} m`;
  const km = metres / 1000;
  return km < 10 ? `${Number(km.toFixed(1))} km` : `${Math.round(km)} km`;
}

/** Street lines every `spacingMetres`, aligned to the box's south-west corner. */
export function gridLines(projection: MapProjection, spacingMetres: number): number[] {
  const step = spacingMetres / projection.metresPerUnit;
  const count = Math.floor(Math.max(projection.width, projection.height) / step);
  return Array.from({ length: count }, (_, i) => (i + 1) * step);
}

/** The box grown (never shrunk) around its centre until height ÷ width is `ratio`, in real distance. */
export function widenToRatio(box: GeoBox, ratio: number): GeoBox {
  const midLat = (box.south + box.north) / 2;
  const lngScale = Math.max(0.1, Math.cos((midLat * Math.PI) / 180));
  const spanX = (box.east - box.west) * lngScale;
  const spanY = box.north - box.south;
  if (spanY / spanX < ratio) {
    const grow = (spanX * ratio - spanY) / 2;
    return { ...box, south: box.south - grow, north: box.north + grow };
  }
  const grow = (spanY / ratio - spanX) / 2 / lngScale;
  return { ...box, west: box.west - grow, east: box.east + grow };
}
