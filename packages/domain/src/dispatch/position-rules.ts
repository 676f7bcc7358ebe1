// How often a courier's app may report where it is: once a second is enough to draw a smooth
// route, and more would only load the servers.
export const POSITION_REPORT_INTERVAL_MS = 1_000;

/** Positions are kept this long after the last report, then forgotten (they are never stored). */
export const POSITION_TTL_SECONDS = 15 * 60;
