// While a delivery is assigned or on the way, the courier's app shares where they are: the device's
// position (navigator.geolocation.watchPosition), or a simulated one moving along the route for
// demos and for phones that won't say. At most one report a second goes out; a report refused as
// too soon is retried quietly, one refused as out of bounds is shown.
import { useCallback, useEffect, useRef, useState } from 'react';

import type { GeoPoint } from '@tiffin/domain/client-safe';

import {
  REPORT_INTERVAL_MS,
  reportDelay,
  SIMULATED_KMH,
  simulatedPosition,
} from '../lib/courier-position';
import { api } from '../trpc/react';

export type PositionSource = 'device' | 'simulated';
/** Why the device's own position can't be used. */
export type PositionProblem = 'denied' | 'unavailable';

export interface PositionReporter {
  source: PositionSource;
  problem: PositionProblem | null;
  /** The last position taken (reported or about to be). */
  position: GeoPoint | null;
  /** How many reports the server accepted. */
  accepted: number;
  /** The server's refusal of a position (BAD_REQUEST), to show. */
  refusal: string | null;
  simulate: () => void;
}

export interface ReporterOptions {
  orderId: string;
  /** False stops everything (delivered, cancelled, nothing assigned). */
  active: boolean;
  /** The leg being ridden now: to the restaurant's door, or from it to the drop-off. */
  leg: { from: GeoPoint; to: GeoPoint };
}

export function usePositionReporter({ orderId, active, leg }: ReporterOptions): PositionReporter {
  const [source, setSource] = useState<PositionSource>('device');
  const [problem, setProblem] = useState<PositionProblem | null>(null);
  const [position, setPosition] = useState<GeoPoint | null>(null);
  const [accepted, setAccepted] = useState(0);
  const [refusal, setRefusal] = useState<string | null>(null);
  const report = api.courier.reportPosition.useMutation();
  const { mutateAsync } = report;

  const pending = useRef<GeoPoint | null>(null);
  const lastSentAt = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const live = useRef({ orderId, active });
  useEffect(() => {
    live.current = { orderId, active };
  }, [orderId, active]);

  const flush = useCallback(() => {
    timer.current = null;
    const point = pending.current;
    pending.current = null;
    if (!point || !live.current.active) return;
    lastSentAt.current = Date.now();
    mutateAsync({ orderId: live.current.orderId, lat: point.lat, lng: point.lng })
      .then(() => {
        setAccepted((n) => n + 1);
        setRefusal(null);
      })
      .catch((error: { data?: { code?: string } | null; message?: string }) => {
        const code = error.data?.code;
        // Too soon: the next position goes a second later anyway.
        if (code === 'TOO_MANY_REQUESTS') return;
        if (code === 'BAD_REQUEST') setRefusal(error.message ?? 'That position was refused.');
      });
  }, [mutateAsync]);

  const offer = useCallback(
    (point: GeoPoint) => {
      setPosition(point);
      pending.current = point;
      if (timer.current) return;
      timer.current = setTimeout(flush, reportDelay(lastSentAt.current, Date.now()));
    },
    [flush],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  // The device's own position, for as long as the delivery is under way.
  useEffect(() => {
    if (!active || source !== 'device' || !hasGeolocation()) return;
    const watch = navigator.geolocation.watchPosition(
      (fix) => {
        setProblem(null);
        offer({ lat: fix.coords.latitude, lng: fix.coords.longitude });
      },
      (error) => setProblem(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, maximumAge: 0, timeout: 20_000 },
    );
    return () => navigator.geolocation.clearWatch(watch);
  }, [active, source, offer]);

  // A simulated ride along the current leg, restarted when the leg changes (at the pick-up).
  const [fromLat, fromLng, toLat, toLng] = [leg.from.lat, leg.from.lng, leg.to.lat, leg.to.lng];
  useEffect(() => {
    if (!active || source !== 'simulated') return;
    const ride = {
      from: { lat: fromLat, lng: fromLng },
      to: { lat: toLat, lng: toLng },
      startedAt: Date.now(),
      kmh: SIMULATED_KMH,
    };
    const step = () => offer(simulatedPosition(ride, Date.now()));
    const first = setTimeout(step, 0);
    const tick = setInterval(step, REPORT_INTERVAL_MS);
    return () => {
      clearTimeout(first);
      clearInterval(tick);
    };
  }, [active, source, fromLat, fromLng, toLat, toLng, offer]);

  return {
    source,
    problem: source !== 'device' ? null : hasGeolocation() ? problem : 'unavailable',
    position,
    accepted,
    refusal,
    simulate: () => setSource('simulated'),
  };
}

/** Rendered only in the browser (the delivery loads client-side), where navigator exists. */
function hasGeolocation(): boolean {
  return typeof navigator !== 'undefined' && 'geolocation' in navigator;
}
