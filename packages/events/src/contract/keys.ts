// Every Redis key and stream name Tiffin uses, built here and nowhere else (lint fails on a key
// literal in any other file), so changing how keys are laid out on a cluster touches one file.
// Laid out for Redis Cluster: each event stream is split into STREAM_PARTITIONS partition
// streams with a hash tag of their own (`tiffin:{orders.7}`), and per-order and per-entity keys
// carry their own id as hash tag, so keys spread over every slot. Keys that one MULTI or Lua
// script touches together share a tag; nothing else may be combined in one command.
import { streamPartitionsFromEnv } from '@tiffin/config/redis-topology';

const PREFIX = 'tiffin';

/** The logical event streams, one per aggregate: each is STREAM_PARTITIONS partition streams. */
export const STREAMS = {
  orders: 'orders',
  deliveries: 'deliveries',
  menu: 'menu',
  accounts: 'accounts',
} as const;

export type StreamName = (typeof STREAMS)[keyof typeof STREAMS];

/** The logical streams consumers read events from. */
export const EVENT_STREAMS: readonly StreamName[] = [
  STREAMS.orders,
  STREAMS.deliveries,
  STREAMS.menu,
  STREAMS.accounts,
];

let partitions: number | undefined;

/** How many partitions each logical stream has (STREAM_PARTITIONS; fixed per deployment). */
export function streamPartitionCount(): number {
  partitions ??= streamPartitionsFromEnv(process.env);
  return partitions;
}

/** FNV-1a: a stable hash, the same in every process and release, so partitions never move. */
function stableHash(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The partition a partition key (a restaurant id for order, delivery and menu events) maps to. */
export function partitionOf(partitionKey: string, count = streamPartitionCount()): number {
  return stableHash(partitionKey) % count;
}

/** One partition stream of a logical stream (or of the tracking fan-out). */
export function partitionStream(name: string, partition: number): string {
  return `${PREFIX}:{${name}.${partition}}`;
}

/** Every partition stream of a logical stream, partition 0 first. */
export function streamPartitions(name: string, count = streamPartitionCount()): string[] {
  return Array.from({ length: count }, (_, p) => partitionStream(name, p));
}

/** Every partition stream of every event stream. */
export function eventStreamPartitions(count = streamPartitionCount()): string[] {
  return EVENT_STREAMS.flatMap((name) => streamPartitions(name, count));
}

/** The logical stream a partition stream belongs to ('orders' for `tiffin:{orders.3}`), or null. */
export function logicalStreamOf(stream: string): string | null {
  const match = /^tiffin:\{([a-z-]+)\.\d+\}$/.exec(stream);
  return match?.[1] ?? null;
}

/**
 * A stream's dead letters sit beside it, in its slot, so moving a message there and acking it
 * stay one MULTI on a cluster too.
 */
export function deadLetterStreamFor(stream: string): string {
  return `${stream}:dead-letters`;
}

/** Every dead-letter stream of the product (one per event stream partition). */
export function deadLetterStreams(count = streamPartitionCount()): string[] {
  return eventStreamPartitions(count).map(deadLetterStreamFor);
}

// ---------------------------------------------------------------- consumer groups

/** The hash counting failed attempts per message id, for one stream and group (in its slot). */
export function attemptsKey(stream: string, group: string): string {
  return `${stream}:attempts:${group}`;
}

// ---------------------------------------------------------------- live tracking

/** The fan-out streams every web process reads: order, delivery, menu, position and bell events. */
export const TRACKING_FANOUT = 'tracking';

/** The fan-out partition for a partition key (the restaurant id of order and menu events). */
export function trackingFanoutStream(partitionKey: string): string {
  return partitionStream(TRACKING_FANOUT, partitionOf(partitionKey));
}

/** Marks an event as written to one fan-out partition, in that partition's slot. */
export function fanoutSeenKey(fanoutStream: string, eventId: string): string {
  return `${fanoutStream}:seen:${eventId}`;
}

function orderTag(orderId: string): string {
  return `${PREFIX}:{order.${orderId}}`;
}

/** One order's tracking history: its ids are what a reconnecting client resumes from. */
export function orderHistoryStream(orderId: string): string {
  return `${orderTag(orderId)}:track`;
}

/** A cached tracking snapshot of one order, deleted whenever the order moves. */
export function orderSnapshotKey(orderId: string): string {
  return `${orderTag(orderId)}:snapshot`;
}

/** Marks an event as projected into one order's history, so a redelivery never shows twice. */
export function orderTrackingSeenKey(orderId: string, eventId: string): string {
  return `${orderTag(orderId)}:seen:${eventId}`;
}

/** One restaurant's order and delivery events: what a kitchen board resumes from. */
export function restaurantHistoryStream(restaurantId: string): string {
  return `${PREFIX}:{restaurant.${restaurantId}}:track`;
}

/** Marks an event as written to its restaurant's history, in that history's slot. */
export function restaurantTrackingSeenKey(restaurantId: string, eventId: string): string {
  return `${PREFIX}:{restaurant.${restaurantId}}:seen:${eventId}`;
}

/** The latest position of the courier delivering one order (TTL'd: positions are never stored). */
export function orderPositionKey(orderId: string): string {
  return `${orderTag(orderId)}:position`;
}

/** A courier's latest position, for offers (nearest first) and the dispatch board. */
export function courierPositionKey(courierId: string): string {
  return `${PREFIX}:{courier.${courierId}}:position`;
}

/** Set for a second after each report, so a courier's app reports at most once a second. */
export function positionRateKey(courierId: string): string {
  return `${PREFIX}:{courier.${courierId}}:position-rate`;
}

/** One person's pushed notifications: the ids a reconnecting bell resumes from. */
export function userNotificationStream(userId: string): string {
  return `${PREFIX}:{user.${userId}}:notifications`;
}

/** Marks a notification as pushed to its person's stream, so a redelivery never rings twice. */
export function notificationPushedKey(userId: string, notificationId: string): string {
  return `${PREFIX}:{user.${userId}}:pushed:${notificationId}`;
}

// ---------------------------------------------------------------- worker

/** The keys of one timer partition: due timers (by due time), leased ones, and their payloads. */
export interface TimerKeys {
  due: string;
  leased: string;
  data: string;
}

/** The timer keys of one partition; a timer's three keys share its partition's slot. */
export function timerPartitionKeys(partition: number): TimerKeys {
  const tag = partitionStream('timers', partition);
  return { due: `${tag}:due`, leased: `${tag}:leased`, data: `${tag}:data` };
}

/** Every timer partition, partition 0 first. */
export function allTimerKeys(count = streamPartitionCount()): TimerKeys[] {
  return Array.from({ length: count }, (_, p) => timerPartitionKeys(p));
}

/** The partition a timer lives in, from its id. */
export function timerKeysFor(timerId: string): TimerKeys {
  return timerPartitionKeys(partitionOf(timerId));
}

/** Ids of the durable timers (members of a partition's `due`), one per purpose and order. */
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
export const REFILL_RUNS_KEY = `${PREFIX}:{refill}:runs`;

/** Claimed (SET NX) by the one worker that runs a refill slot. */
export function refillSlotKey(slot: number): string {
  return `${PREFIX}:{refill}:slot:${slot}`;
}

/** The index of live worker ids; each worker's own entry is `workerPresenceKey(index, id)`. */
export const WORKER_PRESENCE_KEY = `${PREFIX}:{workers}`;

export function workerPresenceKey(index: string, workerId: string): string {
  return `${index}:${workerId}`;
}

/** An e2e test's hold on one order's simulated steps. */
export function simulatorHoldKey(orderId: string): string {
  return `${orderTag(orderId)}:sim-hold`;
}

// ---------------------------------------------------------------- abuse limits and sessions

/**
 * The prefix of one rate limiter's counters (rate-limiter-flexible appends `:<subject>`, e.g. an
 * account and address, or a user id). Untagged: each counter is one key, hashed on its own.
 */
export function rateLimitKeyPrefix(limiter: string): string {
  return `${PREFIX}:ratelimit:${limiter}`;
}

/** A user's current session version, cached so each request need not read it from PostgreSQL. */
export function sessionVersionKey(userId: string): string {
  return `${PREFIX}:{user.${userId}}:session-version`;
}

/**
 * The pub/sub channel a session-version bump is announced on (the message is the user id), so
 * every web process drops its in-memory copy. Plain pub/sub reaches every node of a cluster.
 */
export const SESSION_VERSION_BUMPS_CHANNEL = `${PREFIX}:session-version-bumps`;

// ---------------------------------------------------------------- tests

/**
 * A stream, its dead-letter stream and a group no other test shares. The stream and its dead
 * letters share a tag of their own (`{t.<suffix>}`), as a product partition and its dead letters
 * do, so on a cluster two tests' keys sit in different slots and a command mixing them fails.
 */
export function uniqueTestKeys(label: string, suffix: string) {
  return {
    stream: `test:{t.${suffix}}:${label}`,
    dlq: `test:{t.${suffix}}:dead-letters`,
    group: `group-${suffix}`,
  };
}
