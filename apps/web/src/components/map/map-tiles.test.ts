// Slippy-map arithmetic for the optional tile layer: the standard z/x/y scheme, checked against
// known tiles, and a map never asks for an unbounded number of them.
import { describe, expect, it } from 'vitest';

import { boxAround } from '@tiffin/domain/client-safe';

import {
  latToTileY,
  lngToTileX,
  tileBox,
  tilesCovering,
  tileUrl,
  tileXToLng,
  tileYToLat,
  zoomFor,
} from './map-tiles';

describe('tile coordinates', () => {
  it('finds the well-known tile of central London at zoom 10 and 15', () => {
    expect(Math.floor(lngToTileX(-0.1278, 10))).toBe(511);
    expect(Math.floor(latToTileY(51.5074, 10))).toBe(340);
    expect(Math.floor(lngToTileX(-0.1278, 15))).toBe(16372);
    expect(Math.floor(latToTileY(51.5074, 15))).toBe(10896);
  });

  it('puts the whole world in tile 0/0/0 and the equator at its middle', () => {
    expect(lngToTileX(-180, 0)).toBe(0);
    expect(lngToTileX(180, 0)).toBe(1);
    expect(latToTileY(0, 0)).toBeCloseTo(0.5, 10);
  });

  it('inverts: a tile corner maps back to its coordinates', () => {
    expect(lngToTileX(tileXToLng(16372, 15), 15)).toBeCloseTo(16372, 8);
    expect(latToTileY(tileYToLat(10896, 15), 15)).toBeCloseTo(10896, 8);
  });

  it('gives each tile a box whose north is above its south', () => {
    const area = tileBox({ x: 511, y: 340, z: 10 });
    expect(area.north).toBeGreaterThan(area.south);
    expect(area.east).toBeGreaterThan(area.west);
    expect(area.west).toBeLessThanOrEqual(-0.1278);
    expect(area.east).toBeGreaterThan(-0.1278);
  });
});

describe('tilesCovering', () => {
  const centre = { lat: 51.5074, lng: -0.1278 };

  it('covers the whole box with a gapless block of tiles at one zoom', () => {
    const box = boxAround([centre], 5);
    const tiles = tilesCovering(box, 600);
    const z = tiles[0]!.z;
    expect(tiles.every((t) => t.z === z)).toBe(true);
    const xs = tiles.map((t) => t.x);
    const ys = tiles.map((t) => t.y);
    expect(tiles.length).toBe(
      (Math.max(...xs) - Math.min(...xs) + 1) * (Math.max(...ys) - Math.min(...ys) + 1),
    );
    expect(tileBox({ x: Math.min(...xs), y: Math.min(...ys), z }).west).toBeLessThanOrEqual(
      box.west,
    );
    expect(tileBox({ x: Math.max(...xs), y: Math.max(...ys), z }).south).toBeLessThanOrEqual(
      box.south,
    );
  });

  it('zooms in for a small area and out for a large one', () => {
    expect(zoomFor(boxAround([centre], 1), 600)).toBeGreaterThan(
      zoomFor(boxAround([centre], 20), 600),
    );
  });

  it('never asks for more than 64 tiles', () => {
    expect(tilesCovering(boxAround([centre], 5), 20_000).length).toBeLessThanOrEqual(64);
  });
});

describe('tileUrl', () => {
  it('fills the template', () => {
    expect(tileUrl('https://tiles.example/{z}/{x}/{y}.png', { x: 1, y: 2, z: 3 })).toBe(
      'https://tiles.example/3/1/2.png',
    );
    expect(tileUrl('https://{s}.tiles.example/{z}/{x}/{y}.png', { x: 0, y: 0, z: 0 })).toBe(
      'https://a.tiles.example/0/0/0.png',
    );
  });
});
