// Where a restaurant delivers: within DELIVERY_RADIUS_KM of its door. Also the drop-off pin a
// checkout starts from, and the box a courier's reported position must fall in. Drawn from our
// own data, so maps and checks work offline.
import { z } from 'zod';

import type { GeoBox, GeoPoint } from './geo-point';
import { boxAround, distanceKm, isGeoPoint } from './geo-point';

/** How far from its door a restaurant delivers (a courier's ride of about twenty minutes). */
export const DELIVERY_RADIUS_KM = 5;

/** How far a reported position may stray from the box around pick-up and drop-off. */
export const POSITION_SLACK_KM = 5;

/** The square a restaurant's delivery map shows. */
export function deliveryZone(restaurant: GeoPoint): GeoBox {
  return boxAround([restaurant], DELIVERY_RADIUS_KM);
}

export function isDeliverable(restaurant: GeoPoint, dropOff: GeoPoint): boolean {
  return distanceKm(restaurant, dropOff) <= DELIVERY_RADIUS_KM;
}

/** Where a checkout's pin starts until the customer moves it: about 1.2 km north-east. */
export function defaultDropOff(restaurant: GeoPoint): GeoPoint {
  return { lat: restaurant.lat + 0.0076, lng: restaurant.lng + 0.0122 };
}

/** Positions outside this box around a delivery are refused: a bad GPS fix or a forged report. */
export function positionBounds(pickUp: GeoPoint, dropOff: GeoPoint): GeoBox {
  return boxAround([pickUp, dropOff], POSITION_SLACK_KM);
}

const LATITUDE_RANGE = 'Latitude is between -90 and 90';
const LONGITUDE_RANGE = 'Longitude is between -180 and 180';

export const geoPointSchema = z
  .object({
    lat: z
      .number({ error: 'Latitude must be a number' })
      .min(-90, { error: LATITUDE_RANGE })
      .max(90, { error: LATITUDE_RANGE }),
    lng: z
      .number({ error: 'Longitude must be a number' })
      .min(-180, { error: LONGITUDE_RANGE })
      .max(180, { error: LONGITUDE_RANGE }),
  })
  .refine(isGeoPoint, { error: 'That is not a place on the map' });
