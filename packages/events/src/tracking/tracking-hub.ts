// One tracking reader per web process: one read over every fan-out partition (a blocking XREAD
// on a single node; non-blocking sweeps on a cluster, see partitioned-read.ts), handing
// each entry to its subscribers in memory: an order's trackers, its restaurant's kitchen board,
// the couriers watching offers or their own assignment, a menu's live stock, a person's new
// notifications, and the courier's position to the order's trackers. Thousands of subscribers
// cost one Redis connection, not one each. Per-order and per-restaurant history (for snapshots' ids and resume) is read with plain
// XRANGE on their own streams.
import { EventEmitter } from 'node:events';

import type { Envelope } from '../contract/envelope';
import type { RedisClient } from '../redis-client';
import type { CourierPosition } from './courier-positions';
import type { NotificationEntry } from './user-notifications';
import { checkEnvelope } from '../contract/envelope';
import {
  orderHistoryStream,
  orderPositionKey,
  orderSnapshotKey,
  restaurantHistoryStream,
  streamPartitions,
  TRACKING_FANOUT,
  userNotificationStream,
} from '../contract/keys';
import { isCluster } from '../redis-client';
import { PartitionReader } from '../runner/partitioned-read';
import { courierPositionSchema } from './courier-positions';
import { parseNotificationPush } from './user-notifications';

export interface TrackedEntry {
  /**
   * The id to resume from: the order's history id on `order` channels, the restaurant's on
   * `restaurant` channels, the fan-out's own id elsewhere.
   */
  id: string;
  /**
   * The entry before this one in that history, when the fan-out may carry a history's entries out
   * of order (a cluster's projection runs in steps); absent when the fan-out keeps its order.
   */
  previousId?: string;
  envelope: Envelope;
}

export type TrackingListener = (entry: TrackedEntry) => void;

/**
 * What a subscription listens to: `order` (key: order id), `restaurant` (restaurant id: its
 * kitchen), `menu` (restaurant id: live stock), `dispatch` (key `all`: every delivery change,
 * for couriers' offers), `courier` (courier id: deliveries assigned to them).
 */
export type ChannelKind = 'order' | 'restaurant' | 'menu' | 'dispatch' | 'courier';

export const ALL_DELIVERIES = 'all';

function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function parseEnvelope(json: string | undefined): Envelope | null {
  if (!json) return null;
  try {
    const checked = checkEnvelope(JSON.parse(json));
    return checked.ok ? checked.envelope : null;
  } catch {
    return null;
  }
}

/** Compares Redis stream ids ("ms-seq") numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map((part) => BigInt(part));
  const [bMs = 0n, bSeq = 0n] = b.split('-').map((part) => BigInt(part));
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

/**
 * What a subscriber at `lastId` applies for a live entry, in history order: nothing if it has it
 * already; the entry alone when it follows `lastId` (or names no predecessor); otherwise the
 * history from `lastId` up to it, read back, so entries two workers fanned out in swapped order
 * are neither dropped nor repeated. History is written before the fan-out, so it holds them all.
 */
export async function inHistoryOrder<T extends { id: string; previousId?: string }>(
  entry: T,
  lastId: string,
  historyAfter: (afterId: string) => Promise<T[]>,
): Promise<T[]> {
  if (compareStreamIds(entry.id, lastId) <= 0) return [];
  if (entry.previousId === undefined || entry.previousId === lastId) return [entry];
  const upTo = (await historyAfter(lastId)).filter((e) => compareStreamIds(e.id, entry.id) <= 0);
  // An expired history leaves only the entry itself to show.
  return upTo.length > 0 ? upTo : [entry];
}

function historyEntries(entries: [string, string[]][]): TrackedEntry[] {
  return entries.flatMap(([id, fields]) => {
    const envelope = parseEnvelope(field(fields, 'envelope'));
    return envelope ? [{ id, envelope }] : [];
  });
}

/** A pipeline's replies, or its first error. */
function resultsOf(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new Error('The Redis pipeline returned no replies.');
  return replies.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

export interface TrackingHubOptions {
  /** Used for history reads and the snapshot cache; the hub duplicates it for its blocking read. */
  redis: RedisClient;
  blockMs?: number;
  onError?: (error: unknown) => void;
  /** Called for each event handed to this process's subscribers (for logs and metrics). */
  onDispatch?: (entry: TrackedEntry, subscribers: number) => void;
}

function positionOf(json: string | undefined): CourierPosition | null {
  if (!json) return null;
  try {
    const parsed = courierPositionSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class TrackingHub {
  private readonly emitter = new EventEmitter();
  private reader: RedisClient | undefined;
  private loop: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  /** Bumped by stop(), so a start still in flight then does not go on to start a reader. */
  private generation = 0;
  private running = false;
  /** Cuts a cluster sweep's idle pause short on stop(); a new one per reader. */
  private abort = new AbortController();
  private subscribers = 0;
  private deliveryWatchers = 0;

  constructor(private readonly opts: TrackingHubOptions) {
    // Every subscription adds a listener; thousands are expected.
    this.emitter.setMaxListeners(0);
  }

  /** How many subscriptions this process serves (for metrics). */
  get subscriberCount(): number {
    return this.subscribers;
  }

  /**
   * Registers a listener for one order's or restaurant's events; returns the unsubscribe. The
   * reader is started (from "now") before this returns, so nothing published after it is missed.
   */
  async subscribe(kind: ChannelKind, key: string, listener: TrackingListener): Promise<() => void> {
    return this.listen(`${kind}:${key}`, listener);
  }

  /** Registers a listener for the positions of the courier delivering one order. */
  async subscribePositions(
    orderId: string,
    listener: (position: CourierPosition) => void,
  ): Promise<() => void> {
    return this.listen(`position:${orderId}`, listener);
  }

  /** Registers a listener for one person's new notifications. */
  async subscribeNotifications(
    userId: string,
    listener: (entry: NotificationEntry) => void,
  ): Promise<() => void> {
    return this.listen(`user:${userId}`, listener);
  }

  /** A person's pushed notifications strictly after `afterId`. */
  async notificationHistory(userId: string, afterId: string): Promise<NotificationEntry[]> {
    const entries = await this.opts.redis.xrange(
      userNotificationStream(userId),
      `(${afterId}`,
      '+',
    );
    return entries.flatMap(([id, fields]) => {
      const notification = parseNotificationPush(field(fields, 'notification'));
      return notification ? [{ id, notification }] : [];
    });
  }

  /** The newest id in a person's notification stream, or null before their first push. */
  async latestNotificationId(userId: string): Promise<string | null> {
    const [latest] = await this.opts.redis.xrevrange(
      userNotificationStream(userId),
      '+',
      '-',
      'COUNT',
      1,
    );
    return latest?.[0] ?? null;
  }

  private async listen<T>(channel: string, listener: (value: T) => void): Promise<() => void> {
    await this.start();
    // Delivery events are looked into only while a courier app (or the offers list) listens.
    const watchesDeliveries = channel.startsWith('dispatch:') || channel.startsWith('courier:');
    this.emitter.on(channel, listener);
    this.subscribers++;
    if (watchesDeliveries) this.deliveryWatchers++;
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.subscribers--;
      if (watchesDeliveries) this.deliveryWatchers--;
      this.emitter.off(channel, listener);
    };
  }

  /** Order history entries strictly after `afterId` (all of them without it). */
  async orderHistory(orderId: string, afterId?: string): Promise<TrackedEntry[]> {
    const start = afterId ? `(${afterId}` : '-';
    return historyEntries(await this.opts.redis.xrange(orderHistoryStream(orderId), start, '+'));
  }

  /** A restaurant's order and delivery events strictly after `afterId` (none without it). */
  async restaurantHistory(restaurantId: string, afterId: string): Promise<TrackedEntry[]> {
    const entries = await this.opts.redis.xrange(
      restaurantHistoryStream(restaurantId),
      `(${afterId}`,
      '+',
    );
    return entries.flatMap(([id, fields]) => {
      const envelope = parseEnvelope(field(fields, 'envelope'));
      return envelope ? [{ id, envelope }] : [];
    });
  }

  /** The newest history id of a restaurant, or null before its first event is projected. */
  async latestRestaurantHistoryId(restaurantId: string): Promise<string | null> {
    const [latest] = await this.opts.redis.xrevrange(
      restaurantHistoryStream(restaurantId),
      '+',
      '-',
      'COUNT',
      1,
    );
    return latest?.[0] ?? null;
  }

  /** The newest history id of an order, or null before its first event is projected. */
  async latestOrderHistoryId(orderId: string): Promise<string | null> {
    const [latest] = await this.opts.redis.xrevrange(
      orderHistoryStream(orderId),
      '+',
      '-',
      'COUNT',
      1,
    );
    return latest?.[0] ?? null;
  }

  /**
   * What a new order subscription reads once its listeners are registered, in one round trip (one
   * slot): the history after `afterId`, the courier's latest position if `position`, and, when
   * `cache` is given, the snapshot it just read from the database is stored first.
   */
  async catchUp(
    orderId: string,
    opts: {
      afterId: string;
      position: boolean;
      cache?: { json: string; ttlSeconds: number } | undefined;
    },
  ): Promise<{ backlog: TrackedEntry[]; position: CourierPosition | null }> {
    const pipeline = this.opts.redis.pipeline();
    if (opts.cache) {
      pipeline.set(orderSnapshotKey(orderId), opts.cache.json, 'EX', opts.cache.ttlSeconds);
    }
    if (opts.position) pipeline.get(orderPositionKey(orderId));
    pipeline.xrange(orderHistoryStream(orderId), `(${opts.afterId}`, '+');
    const results = resultsOf(await pipeline.exec());
    if (opts.cache) results.shift();
    const position = opts.position
      ? positionOf((results.shift() as string | null) ?? undefined)
      : null;
    const entries = results.shift() as [string, string[]][];
    return { backlog: historyEntries(entries), position };
  }

  /** A cached snapshot, if still fresh; the projection deletes it whenever the order moves. */
  async cachedSnapshot(orderId: string): Promise<string | null> {
    return this.opts.redis.get(orderSnapshotKey(orderId));
  }

  /** Starts the reader once; concurrent callers share the start, and a failed one is retried. */
  private start(): Promise<void> {
    if (!this.starting) {
      const starting = this.startReader(this.generation).catch((error: unknown) => {
        // Redis was away: the next subscription tries again, not a hub with no reader.
        if (this.starting === starting) this.starting = undefined;
        throw error;
      });
      this.starting = starting;
    }
    return this.starting;
  }

  private async startReader(generation: number): Promise<void> {
    // Start from each partition's current end, fixed now, so later entries are all read.
    const streams = streamPartitions(TRACKING_FANOUT);
    const lasts = await Promise.all(
      streams.map((stream) => this.opts.redis.xrevrange(stream, '+', '-', 'COUNT', 1)),
    );
    // stop() was called meanwhile: a reader started now would outlive it.
    if (generation !== this.generation) return;
    this.running = true;
    this.abort = new AbortController();
    // A cluster reads without blocking on the shared connection; a single node blocks on its own.
    const reader = isCluster(this.opts.redis) ? this.opts.redis : this.opts.redis.duplicate();
    if (reader !== this.opts.redis) reader.on('error', (error) => this.opts.onError?.(error));
    this.reader = reader;
    const from = new Map(streams.map((stream, i) => [stream, lasts[i]?.[0]?.[0] ?? '0-0']));
    this.loop = this.read(new PartitionReader(this.opts.redis, reader), from);
  }

  private async read(partitions: PartitionReader, lastIds: Map<string, string>): Promise<void> {
    let failures = 0;
    while (this.running && this.reader) {
      try {
        const reply = await partitions.read({
          streams: [...lastIds.keys()],
          ids: [...lastIds.values()],
          count: 1000,
          blockMs: this.opts.blockMs ?? 5_000,
          signal: this.abort.signal,
        });
        failures = 0;
        for (const { stream, entries } of reply) {
          for (const { id, fields } of entries) {
            lastIds.set(stream, id);
            if (fields) this.dispatch(id, fields);
          }
        }
      } catch (error) {
        if (!this.running) break;
        this.opts.onError?.(error);
        failures++;
        // Resumes from lastIds afterwards, so a Redis blip loses nothing still in the streams.
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** failures, 2_000)));
      }
    }
  }

  private dispatch(fanoutId: string, fields: string[]): void {
    const kind = field(fields, 'kind');
    const key = field(fields, 'key');
    if (!kind || !key) return;
    if (kind === 'position') {
      const channel = `position:${key}`;
      if (this.emitter.listenerCount(channel) === 0) return;
      const position = positionOf(field(fields, 'position'));
      if (position) this.emitter.emit(channel, position);
      return;
    }
    if (kind === 'user') {
      const channel = `user:${key}`;
      if (this.emitter.listenerCount(channel) === 0) return;
      const notification = parseNotificationPush(field(fields, 'notification'));
      const id = field(fields, 'trackId');
      if (!notification || !id) return;
      const previousId = field(fields, 'previousTrackId');
      const entry: NotificationEntry =
        previousId === undefined ? { id, notification } : { id, previousId, notification };
      this.emitter.emit(channel, entry);
      return;
    }
    // Parsed only when someone here listens: most entries have no subscriber on this process.
    let envelope: Envelope | null | undefined;
    const send = (channel: string, id: string, previousId?: string) => {
      const subscribers = this.emitter.listenerCount(channel);
      if (subscribers === 0) return;
      envelope ??= parseEnvelope(field(fields, 'envelope'));
      if (!envelope) return;
      const entry: TrackedEntry =
        previousId === undefined ? { id, envelope } : { id, previousId, envelope };
      this.emitter.emit(channel, entry);
      this.opts.onDispatch?.(entry, subscribers);
    };
    if (kind !== 'order') {
      send(`${kind}:${key}`, fanoutId);
      return;
    }
    send(`order:${key}`, field(fields, 'trackId') || '0-0', field(fields, 'previousTrackId'));
    const restaurantId = field(fields, 'restaurantId');
    const restaurantTrackId = field(fields, 'restaurantTrackId');
    if (restaurantId && restaurantTrackId) {
      send(
        `restaurant:${restaurantId}`,
        restaurantTrackId,
        field(fields, 'previousRestaurantTrackId'),
      );
    }
    if (this.deliveryWatchers === 0) return;
    envelope ??= parseEnvelope(field(fields, 'envelope'));
    if (!envelope?.type.startsWith('delivery.')) return;
    send(`dispatch:${ALL_DELIVERIES}`, fanoutId);
    const { courierId } = envelope.payload as { courierId?: string | null };
    if (courierId) send(`courier:${courierId}`, fanoutId);
  }

  async stop(): Promise<void> {
    this.generation++;
    this.starting = undefined;
    this.running = false;
    this.abort.abort();
    // A blocked XREAD only returns when its connection closes (never close the shared one).
    if (this.reader !== this.opts.redis) this.reader?.disconnect();
    await this.loop;
    this.emitter.removeAllListeners();
  }
}
