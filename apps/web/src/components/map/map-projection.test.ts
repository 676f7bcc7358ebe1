// The offline map's arithmetic: places land where they should, a kilometre is as long across as
// up, clicks map back to the place clicked, and the scale bar picks round distances.
import { describe, expect, it } from 'vitest';

import { boxAround, distanceKm } from '@tiffin/domain/client-safe';

import {
  clampToBox,
  createProjection,
  formatDistance,
  gridLines,
  scaleBarFor,
  widenToRatio,
} from './map-projection';

const LONDON = { lat: 51.5074, lng: -0.1278 };
const box = boxAround([LONDON], 5);

describe('createProjection', () => {
  const projection = createProjection(box, 600);

  it('puts the north-west corner at the origin and the south-east at the far corner', () => {
    expect(projection.project({ lat: box.north, lng: box.west })).toEqual({ x: 0, y: 0 });
    const se = projection.project({ lat: box.south, lng: box.east });
    expect(se.x).toBeCloseTo(600, 6);
    expect(se.y).toBeCloseTo(projection.height, 6);
  });

  it('keeps a square box (in km) square on the map: the cos(latitude) correction', () => {
    expect(projection.height).toBeCloseTo(600, 0);
  });

  it('draws a kilometre east as long as a kilometre north', () => {
    const centre = projection.project(LONDON);
    const east = projection.project({
      lat: LONDON.lat,
      lng: LONDON.lng + 1 / (111.32 * Math.cos((LONDON.lat * Math.PI) / 180)),
    });
    const north = projection.project({ lat: LONDON.lat + 1 / 111.32, lng: LONDON.lng });
    expect(east.x - centre.x).toBeCloseTo(centre.y - north.y, 1);
  });

  it('measures distances like the domain does, within half a percent', () => {
    const a = { lat: 51.5, lng: -0.15 };
    const b = { lat: 51.52, lng: -0.1 };
    const pa = projection.project(a);
    const pb = projection.project(b);
    const metres = Math.hypot(pb.x - pa.x, pb.y - pa.y) * projection.metresPerUnit;
    expect(metres / 1000).toBeCloseTo(distanceKm(a, b), 1);
    expect(Math.abs(metres / 1000 - distanceKm(a, b)) / distanceKm(a, b)).toBeLessThan(0.005);
  });

  it('unprojects a click back to the place it shows', () => {
    const place = { lat: 51.52, lng: -0.11 };
    const back = projection.unproject(projection.project(place));
    expect(back.lat).toBeCloseTo(place.lat, 10);
    expect(back.lng).toBeCloseTo(place.lng, 10);
  });

  it('refuses a box without an area', () => {
    expect(() => createProjection({ south: 1, north: 1, west: 0, east: 1 }, 600)).toThrow();
  });
});

describe('widenToRatio', () => {
  it('grows a flat box upward and downward until it has the asked shape, keeping its centre', () => {
    const flat = boxAround([LONDON, { lat: LONDON.lat, lng: LONDON.lng + 0.05 }], 0.2);
    const widened = widenToRatio(flat, 0.75);
    const p = createProjection(widened, 600);
    expect(p.height / p.width).toBeCloseTo(0.75, 6);
    expect((widened.north + widened.south) / 2).toBeCloseTo((flat.north + flat.south) / 2, 10);
    expect(widened.west).toBe(flat.west);
  });

  it('grows a tall box sideways', () => {
    const tall = boxAround([LONDON, { lat: LONDON.lat + 0.05, lng: LONDON.lng }], 0.2);
    const widened = widenToRatio(tall, 0.75);
    expect(createProjection(widened, 600).height / 600).toBeCloseTo(0.75, 6);
    expect(widened.north).toBe(tall.north);
  });
});

describe('clampToBox', () => {
  it('keeps a point outside the box on its edge', () => {
    expect(clampToBox({ lat: 90, lng: -0.1278 }, box)).toEqual({ lat: box.north, lng: -0.1278 });
  });
});

describe('scale bar and distances', () => {
  it('picks the longest round 1-2-5 distance that fits', () => {
    expect(scaleBarFor(10, 150)).toEqual({ metres: 1000, length: 100, label: '1 km' });
    expect(scaleBarFor(10, 99).metres).toBe(500);
    expect(scaleBarFor(10, 250).label).toBe('2 km');
    expect(scaleBarFor(1, 60).label).toBe('50 m');
  });

  it('reads distances as people say them', () => {
    expect(formatDistance(347)).toBe('350 m');
    expect(formatDistance(1000)).toBe('1 km');
    expect(formatDistance(1234)).toBe('1.2 km');
    expect(formatDistance(12_400)).toBe('12 km');
  });

  it('draws street lines at the asked spacing', () => {
    const projection = createProjection(box, 600);
    const lines = gridLines(projection, 1000);
    expect(lines.length).toBe(10);
    expect(lines[0]! * projection.metresPerUnit).toBeCloseTo(1000, 6);
  });
});
