// Who may read /api/metrics, for web and worker alike: with METRICS_TOKEN set, only a request
// carrying it as a bearer token; without one, anyone outside production and nobody in it.
import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsAccess = 'allowed' | 'unauthorized' | 'not_served';

export interface MetricsAccessSettings {
  /** METRICS_TOKEN, when set. */
  token: string | undefined;
  /** NODE_ENV is production. */
  production: boolean;
}

/** Digests first, so the comparison takes the same time whatever the lengths. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The decision for one request, from its Authorization header. */
export function metricsAccess(
  authorization: string | undefined,
  settings: MetricsAccessSettings,
): MetricsAccess {
  if (settings.token === undefined) return settings.production ? 'not_served' : 'allowed';
  return sameSecret(authorization ?? '', `Bearer ${settings.token}`) ? 'allowed' : 'unauthorized';
}

/** The status and body a refusal answers with: 401 asks for the token, 404 hides the endpoint. */
export function metricsRefusal(access: Exclude<MetricsAccess, 'allowed'>): {
  status: number;
  message: string;
} {
  return access === 'unauthorized'
    ? { status: 401, message: 'metrics need a bearer token' }
    : { status: 404, message: 'not found' };
}
