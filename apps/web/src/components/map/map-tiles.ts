// Real map tiles, an option only: with a tile URL template configured, the map lays the slippy-map
// tiles (Web Mercator, z/x/y) that cover its box under our own drawing. Off by default and in tests,
// since nothing may reach the network unless someone sets it up on purpose.
import type { GeoBox } from '@tiffin/domain/client-safe';

export interface TileRef {
  x: number;
  y: number;
  z: number;
}

const MAX_ZOOM = 19;
/** A map shows at most this many tiles; beyond it the zoom steps down. */
const MAX_TILES = 64;

/** The column of the tile holding longitude `lng` at zoom `z` (fractional). */
export function lngToTileX(lng: number, z: number): number {
  return ((lng + 180) / 360) * 2 ** z;
}

/** The row of the tile holding latitude `lat` at zoom `z` (fractional; 0 is the north edge). */
export function latToTileY(lat: number, z: number): number {
  const rad = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z;
}

export function tileXToLng(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}

export function tileYToLat(y: number, z: number): number {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(Math.sinh(n));
}

/** The area one tile covers. */
export function tileBox(tile: TileRef): GeoBox {
  return {
    west: tileXToLng(tile.x, tile.z),
    east: tileXToLng(tile.x + 1, tile.z),
    north: tileYToLat(tile.y, tile.z),
    south: tileYToLat(tile.y + 1, tile.z),
  };
}

/** The zoom at which the box spans about `widthPx` pixels of 256-pixel tiles. */
export function zoomFor(box: GeoBox, widthPx: number): number {
  const tilesAcross = widthPx / 256;
  const z = Math.log2((tilesAcross * 360) / (box.east - box.west));
  return Math.max(0, Math.min(MAX_ZOOM, Math.round(z)));
}

/** Every tile that touches the box, at the zoom that suits `widthPx` (stepping down if too many). */
export function tilesCovering(box: GeoBox, widthPx: number): TileRef[] {
  for (let z = zoomFor(box, widthPx); z >= 0; z--) {
    const x0 = Math.floor(lngToTileX(box.west, z));
    const x1 = Math.floor(lngToTileX(box.east, z));
    const y0 = Math.floor(latToTileY(box.north, z));
    const y1 = Math.floor(latToTileY(box.south, z));
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_TILES) continue;
    const tiles: TileRef[] = [];
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) tiles.push({ x, y, z });
    return tiles;
  }
  return [{ x: 0, y: 0, z: 0 }];
}

/** Fills `{z}`, `{x}`, `{y}` (and `{s}`, a subdomain) in a tile URL template. */
export function tileUrl(template: string, tile: TileRef): string {
  const subdomain = 'abc'[(tile.x + tile.y) % 3] ?? 'a';
  return template
    .replaceAll('{z}', String(tile.z))
    .replaceAll('{x}', String(tile.x))
    .replaceAll('{y}', String(tile.y))
    .replaceAll('{s}', subdomain);
}
