// Session versions a web process has read, kept in its memory so a signed-in request costs no
// Redis round trip. A bump publishes the account's id (SESSION_VERSION_BUMPS_CHANNEL) and every
// process drops its copy. Copies are trusted only while this process's subscription is live: when
// it drops, every copy is dropped and nothing is kept until it is subscribed again, so a bump
// whose message was lost meanwhile cannot leave a stale version behind.
import type { RedisClient } from '@tiffin/events';
import { SESSION_VERSION_BUMPS_CHANNEL } from '@tiffin/events';

/** How long a copy is kept at most: it bounds staleness should a version change without a bump. */
export const LOCAL_SESSION_VERSION_MS = 10_000;

interface Copy {
  version: number;
  until: number;
}

/** A read in flight: it keeps nothing if a bump for its account, or a lost subscription, came meanwhile. */
interface Read {
  dropped: boolean;
  epoch: number;
}

export class SessionVersionCache {
  readonly #copies = new Map<string, Copy>();
  readonly #reading = new Map<string, Set<Read>>();
  #live = false;
  /** Grows each time the subscription is lost, so reads begun before keep nothing. */
  #epoch = 0;
  #subscriber: RedisClient | null = null;

  constructor(private readonly ttlMs = LOCAL_SESSION_VERSION_MS) {}

  /** Subscribes to bumps on `subscriber`, a connection of its own (it enters subscriber mode). */
  async listen(subscriber: RedisClient): Promise<void> {
    this.#subscriber = subscriber;
    subscriber.on('message', (channel: string, userId: string) => {
      if (channel === SESSION_VERSION_BUMPS_CHANNEL) this.drop(userId);
    });
    const offline = () => this.#goOffline();
    subscriber.on('close', offline);
    subscriber.on('end', offline);
    subscriber.on('reconnecting', offline);
    // ioredis subscribes again on reconnect; copies are trusted once that subscription is confirmed.
    subscriber.on('ready', () => void this.#subscribe());
    await this.#subscribe();
  }

  /** Whether copies are being kept (the subscription is live). */
  get live(): boolean {
    return this.#live;
  }

  /** The account's version: this process's copy, or `read()`'s answer, kept when it is safe to. */
  async versionOf(userId: string, read: () => Promise<number>): Promise<number> {
    const copy = this.#copyOf(userId);
    if (copy !== undefined) return copy;
    const pending: Read = { dropped: false, epoch: this.#epoch };
    let reads = this.#reading.get(userId);
    if (!reads) this.#reading.set(userId, (reads = new Set()));
    reads.add(pending);
    try {
      const version = await read();
      if (this.#live && !pending.dropped && pending.epoch === this.#epoch) {
        this.#copies.set(userId, { version, until: Date.now() + this.ttlMs });
      }
      return version;
    } finally {
      reads.delete(pending);
      if (reads.size === 0 && this.#reading.get(userId) === reads) this.#reading.delete(userId);
    }
  }

  /** Forgets the account's copy, and what reads in flight would have kept. */
  drop(userId: string): void {
    this.#copies.delete(userId);
    for (const pending of this.#reading.get(userId) ?? []) pending.dropped = true;
  }

  async close(): Promise<void> {
    this.#goOffline();
    const subscriber = this.#subscriber;
    this.#subscriber = null;
    if (!subscriber) return;
    subscriber.removeAllListeners('ready');
    await subscriber.quit().catch(() => undefined);
    subscriber.disconnect();
  }

  #copyOf(userId: string): number | undefined {
    if (!this.#live) return undefined;
    const copy = this.#copies.get(userId);
    if (!copy) return undefined;
    if (copy.until > Date.now()) return copy.version;
    this.#copies.delete(userId);
    return undefined;
  }

  async #subscribe(): Promise<void> {
    const subscriber = this.#subscriber;
    if (!subscriber) return;
    try {
      await subscriber.subscribe(SESSION_VERSION_BUMPS_CHANNEL);
      if (this.#subscriber === subscriber) this.#live = true;
    } catch {
      this.#goOffline();
    }
  }

  #goOffline(): void {
    this.#live = false;
    this.#epoch += 1;
    this.#copies.clear();
  }
}
