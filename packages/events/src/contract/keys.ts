// Every Redis key and stream name Tiffin uses, built here and nowhere else (lint fails on a key
// literal in any other file), so changing how keys are laid out on a cluster touches one file.
// Today every key carries the one `{tiffin}` hash tag: all of them share a cluster slot, which
// keeps multi-key commands and Lua scripts legal.

const TAG = '{tiffin}';

/** The event streams, one per aggregate, plus the dead letters. */
export const STREAMS = {
  orders: `${TAG}:stream:orders`,
  deliveries: `${TAG}:stream:deliveries`,
  menu: `${TAG}:stream:menu`,
  deadLetters: `${TAG}:stream:dead-letters`,
  accounts: `${TAG}:stream:accounts`,
} as const;

export type StreamName = (typeof STREAMS)[keyof typeof STREAMS];

/** The streams consumers read events from (everything but the dead letters). */
export const EVENT_STREAMS: readonly string[] = [
  STREAMS.orders,
  STREAMS.deliveries,
  STREAMS.menu,
  STREAMS.accounts,
];

// ---------------------------------------------------------------- consumer groups

/** The hash counting failed attempts per message id, for one stream and group. */
export function attemptsKey(stream: string, group: string): string {
  return `${TAG}:attempts:${stream}:${group}`;
}

// ---------------------------------------------------------------- live tracking

/** The one fan-out stream every web process reads for live order, delivery and menu events. */
export const TRACKING_FANOUT_STREAM = `${TAG}:stream:tracking`;

/** One order's tracking history: its ids are what a reconnecting client resumes from. */
export function orderHistoryStream(orderId: string): string {
  return `${TAG}:track:order:${orderId}`;
}

/** A cached tracking snapshot of one order, deleted whenever the order moves. */
export function orderSnapshotKey(orderId: string): string {
  return `${TAG}:track:snapshot:${orderId}`;
}

/** Marks an event as projected, so a redelivery never shows up twice in a timeline. */
export function trackingSeenKey(eventId: string): string {
  return `${TAG}:track:seen:${eventId}`;
}

/** One restaurant's order and delivery events: what a kitchen board resumes from. */
export function restaurantHistoryStream(restaurantId: string): string {
  return `${TAG}:track:restaurant:${restaurantId}`;
}

/** The latest position of the courier delivering one order (TTL'd: positions are never stored). */
export function orderPositionKey(orderId: string): string {
  return `${TAG}:position:order:${orderId}`;
}

/** A courier's latest position, for offers (nearest first) and the dispatch board. */
export function courierPositionKey(courierId: string): string {
  return `${TAG}:position:courier:${courierId}`;
}

/** Set for a second after each report, so a courier's app reports at most once a second. */
export function positionRateKey(courierId: string): string {
  return `${TAG}:position:rate:${courierId}`;
}

/** One person's pushed notifications: the ids a reconnecting bell resumes from. */
export function userNotificationStream(userId: string): string {
  return `${TAG}:notify:user:${userId}`;
}

/** Marks a notification as pushed, so a redelivered event never rings a bell twice. */
export function notificationPushedKey(notificationId: string): string {
  return `${TAG}:notify:pushed:${notificationId}`;
}

/** Stands in for the history and snapshot keys of menu events, in the same slot as the rest. */
export const TRACKING_PLACEHOLDER_KEY = `${TAG}:track:none`;

// ---------------------------------------------------------------- worker

/** The due timers (a sorted set by due time), the leased ones, and their payloads. */
export const TIMER_KEYS = {
  due: `${TAG}:timers:due`,
  leased: `${TAG}:timers:leased`,
  data: `${TAG}:timers:data`,
} as const;

/** Ids of the durable timers (members of TIMER_KEYS.due), one per purpose and order. */
export const TIMER_IDS = {
  /** Cancels an order the kitchen has not answered in time. */
  acceptanceTimeout: (orderId: string) => `acceptance:${orderId}`,
  /** Hands a delivery nobody claimed to a simulated courier (autopilot restaurants only). */
  dispatchFallback: (orderId: string) => `dispatch:${orderId}`,
  /** The autopilot's next step of an order (`to` names the status it moves to). */
  autopilotStep: (orderId: string, to: string) => `autopilot:${orderId}:${to}`,
  /** The next stretch of a simulated courier's ride. */
  ride: (orderId: string) => `ride:${orderId}`,
  /** Cancels a card order that was not paid in time. */
  paymentTimeout: (orderId: string) => `payment:${orderId}`,
  /** One delivery attempt of a sandbox webhook (`attempt` counts from 1). */
  webhookDelivery: (eventId: string, attempt: number) => `webhook:${eventId}:${attempt}`,
} as const;

/** Counts stock refills that ran, across all workers. */
export const REFILL_RUNS_KEY = `${TAG}:refill:runs`;

/** Claimed (SET NX) by the one worker that runs a refill slot. */
export function refillSlotKey(slot: number): string {
  return `${TAG}:refill:slot:${slot}`;
}

/** The index of live worker ids; each worker's own entry is `workerPresenceKey(index, id)`. */
export const WORKER_PRESENCE_KEY = `${TAG}:workers`;

export function workerPresenceKey(index: string, workerId: string): string {
  return `${index}:${workerId}`;
}

/** An e2e test's hold on one order's simulated steps. */
export function simulatorHoldKey(orderId: string): string {
  return `${TAG}:sim:hold:${orderId}`;
}

// ---------------------------------------------------------------- abuse limits and sessions

/**
 * The prefix of one rate limiter's counters (rate-limiter-flexible appends `:<subject>`, e.g. an
 * account and address, or a user id).
 */
export function rateLimitKeyPrefix(limiter: string): string {
  return `${TAG}:ratelimit:${limiter}`;
}

/** A user's current session version, cached so each request need not read it from PostgreSQL. */
export function sessionVersionKey(userId: string): string {
  return `${TAG}:session-version:${userId}`;
}

// ---------------------------------------------------------------- tests

/**
 * A stream, its dead-letter stream and a group no other test shares; the `{t}` tag keeps them
 * on one slot, apart from the product's keys.
 */
export function uniqueTestKeys(label: string, suffix: string) {
  return {
    stream: `test:{t}:${label}:${suffix}`,
    dlq: `test:{t}:dead-letters:${suffix}`,
    group: `group-${suffix}`,
  };
}
