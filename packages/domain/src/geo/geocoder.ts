// Turning an address into a map point. No geocoding service can be reached offline, so the
// checkout asks the customer to place a pin; a real geocoder can be plugged in behind this
// interface and the pin then starts where it says.
import type { GeoPoint } from './geo-point';

export interface Geocoder {
  /** The point for an address, or null when it cannot tell. */
  locate(address: string): Promise<GeoPoint | null>;
}

/** The default: knows no addresses, so the customer's pin decides. */
export const pinOnlyGeocoder: Geocoder = {
  locate: async () => null,
};
