// Geometry on our own data: great-circle distances, the straight line a simulated courier rides,
// the box a reported position must fall in, and where the checkout's pin starts.
import { describe, expect, it } from 'vitest';

import {
  defaultDropOff,
  DELIVERY_RADIUS_KM,
  deliveryZone,
  geoPointSchema,
  isDeliverable,
  positionBounds,
} from './delivery-area';
import { boxAround, distanceKm, isInBox, pointAlong } from './geo-point';

const LONDON = { lat: 51.5074, lng: -0.1278 };
const PARIS = { lat: 48.8566, lng: 2.3522 };
/** Kilometres per degree of latitude on a sphere of radius 6371 km. */
const KM_PER_DEGREE = (2 * Math.PI * 6371) / 360;

describe('distanceKm', () => {
  it('measures along the great circle: London–Paris about 344 km, a degree of latitude about 111 km', () => {
    expect(distanceKm(LONDON, PARIS)).toBeCloseTo(343.5, 0);
    expect(distanceKm({ lat: 51, lng: 0 }, { lat: 52, lng: 0 })).toBeCloseTo(KM_PER_DEGREE, 6);
    // A degree of longitude shrinks with the cosine of the latitude.
    expect(distanceKm({ lat: 60, lng: 0 }, { lat: 60, lng: 1 })).toBeCloseTo(KM_PER_DEGREE / 2, 1);
  });

  it('is symmetric and zero from a point to itself', () => {
    expect(distanceKm(LONDON, PARIS)).toBe(distanceKm(PARIS, LONDON));
    expect(distanceKm(LONDON, LONDON)).toBe(0);
  });
});

describe('pointAlong', () => {
  const a = { lat: 51.5, lng: -0.12 };
  const b = { lat: 51.51, lng: -0.1 };

  it('starts at the restaurant, ends at the door, and halfway is the midpoint', () => {
    expect(pointAlong(a, b, 0)).toEqual(a);
    expect(pointAlong(a, b, 1)).toEqual(b);
    const half = pointAlong(a, b, 0.5);
    expect(half.lat).toBeCloseTo(51.505, 10);
    expect(half.lng).toBeCloseTo(-0.11, 10);
    expect(distanceKm(a, half)).toBeCloseTo(distanceKm(half, b), 3);
  });

  it('never overshoots: fractions outside 0…1 stay at the ends', () => {
    expect(pointAlong(a, b, -0.5)).toEqual(a);
    expect(pointAlong(a, b, 1.7)).toEqual(b);
  });

  it('gets steadily closer to the door', () => {
    const left = [0, 0.25, 0.5, 0.75, 1].map((f) => distanceKm(pointAlong(a, b, f), b));
    expect([...left].sort((x, y) => y - x)).toEqual(left);
    expect(left.at(-1)).toBe(0);
  });
});

describe('the delivery area', () => {
  const restaurant = { lat: 51.515, lng: -0.1216 };

  it('the checkout pin starts about 1.2 km north-east of the restaurant, inside its area', () => {
    const pin = defaultDropOff(restaurant);
    expect(pin.lat).toBeGreaterThan(restaurant.lat);
    expect(pin.lng).toBeGreaterThan(restaurant.lng);
    expect(distanceKm(restaurant, pin)).toBeGreaterThan(1.1);
    expect(distanceKm(restaurant, pin)).toBeLessThan(1.3);
    expect(isDeliverable(restaurant, pin)).toBe(true);
  });

  it('delivers within 5 km of the door and no further', () => {
    expect(DELIVERY_RADIUS_KM).toBe(5);
    const north = (km: number) => ({
      lat: restaurant.lat + km / KM_PER_DEGREE,
      lng: restaurant.lng,
    });
    expect(isDeliverable(restaurant, north(4.9))).toBe(true);
    expect(isDeliverable(restaurant, north(5.1))).toBe(false);
    const zone = deliveryZone(restaurant);
    expect(isInBox(north(4.9), zone)).toBe(true);
    expect(isInBox(north(5.1), zone)).toBe(false);
  });

  it('a reported position must fall within 5 km of the box around pick-up and drop-off', () => {
    const dropOff = defaultDropOff(restaurant);
    const bounds = positionBounds(restaurant, dropOff);
    expect(isInBox(restaurant, bounds)).toBe(true);
    expect(isInBox(dropOff, bounds)).toBe(true);
    expect(isInBox(pointAlong(restaurant, dropOff, 0.5), bounds)).toBe(true);
    const beyond = (km: number) => ({ lat: dropOff.lat + km / KM_PER_DEGREE, lng: dropOff.lng });
    expect(isInBox(beyond(4.9), bounds)).toBe(true);
    expect(isInBox(beyond(5.1), bounds)).toBe(false);
    // East and west are widened by the same distance, not the same number of degrees.
    const east = { lat: dropOff.lat, lng: bounds.east };
    expect(distanceKm(dropOff, east)).toBeCloseTo(5, 1);
    expect(isInBox(PARIS, bounds)).toBe(false);
  });

  it('a box needs at least one point', () => {
    expect(() => boxAround([], 1)).toThrow(/at least one point/);
  });

  it('a map point is a finite latitude and longitude in range', () => {
    expect(geoPointSchema.safeParse({ lat: 51.5, lng: -0.12 }).success).toBe(true);
    for (const bad of [
      { lat: 91, lng: 0 },
      { lat: 0, lng: -181 },
      { lat: Number.NaN, lng: 0 },
      { lat: '51.5', lng: 0 },
    ]) {
      expect(geoPointSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('says which number is wrong, and how', () => {
    const message = (point: unknown) => {
      const parsed = geoPointSchema.safeParse(point);
      return parsed.success ? null : parsed.error.issues[0]!.message;
    };
    expect(message({ lat: 123, lng: 0 })).toBe('Latitude is between -90 and 90');
    expect(message({ lat: 0, lng: -200 })).toBe('Longitude is between -180 and 180');
    expect(message({ lat: 'north', lng: 0 })).toBe('Latitude must be a number');
    expect(message({ lat: 0 })).toBe('Longitude must be a number');
  });
});
