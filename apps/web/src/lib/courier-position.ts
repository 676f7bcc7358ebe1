// The courier app's position rules, kept pure: how long to wait before the next report (the API
// takes one a second per courier), and where a simulated courier is along the route when nobody
// can share a real position (no permission, no GPS, a demo on a laptop).
import type { GeoPoint } from '@tiffin/domain/client-safe';
import { distanceKm, pointAlong, POSITION_REPORT_INTERVAL_MS } from '@tiffin/domain/client-safe';

/** A little over the API's limit, so a report never arrives early because of network jitter. */
export const REPORT_INTERVAL_MS = POSITION_REPORT_INTERVAL_MS + 100;

/** A steady bicycle pace for the simulated courier. */
export const SIMULATED_KMH = 30;

/** Milliseconds until the next report may go; 0 when it may go now. */
export function reportDelay(lastSentAt: number | null, now: number): number {
  if (lastSentAt === null) return 0;
  return Math.max(0, lastSentAt + REPORT_INTERVAL_MS - now);
}

export interface SimulatedRide {
  from: GeoPoint;
  to: GeoPoint;
  /** When the ride began (ms since the epoch). */
  startedAt: number;
  kmh: number;
}

/** Where the simulated courier is at `now`: along the straight line, stopping at the end. */
export function simulatedPosition(ride: SimulatedRide, now: number): GeoPoint {
  const totalKm = distanceKm(ride.from, ride.to);
  if (totalKm === 0) return ride.to;
  const riddenKm = (Math.max(0, now - ride.startedAt) / 3_600_000) * ride.kmh;
  return pointAlong(ride.from, ride.to, riddenKm / totalKm);
}
