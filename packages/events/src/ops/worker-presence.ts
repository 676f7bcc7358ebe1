// A TTL'd key per worker, refreshed on an interval, so a worker that dies drops out by itself.
import { hostname } from 'node:os';

import { z } from 'zod';

import type { RedisClient } from '../redis-client';
import { WORKER_PRESENCE_KEY, workerPresenceKey } from '../contract/keys';
import { execResults } from '../runner/redis-replies';

// An index of ids (no SCAN, which a cluster runs per node) and one TTL'd key per worker, all in
// one cluster slot (see contract/keys.ts), so MGET stays legal.

export const WORKER_PRESENCE_DEFAULTS = { intervalMs: 10_000, ttlMs: 30_000 } as const;

const delaySchema = z.object({ baseMs: z.number(), jitterMs: z.number() });
const settingSchema = z.union([z.number(), z.string(), z.boolean(), delaySchema]);

const simulatorSchema = z.object({
  enabled: z.boolean(),
  /** As the worker configured them, e.g. `speed: 2` or `prepare: { baseMs, jitterMs }`. */
  settings: z.record(z.string(), settingSchema),
});

const workerInfoSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.int(),
  startedAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  simulator: simulatorSchema,
});

export type SimulatorSetting = z.infer<typeof settingSchema>;
export type SimulatorInForce = z.infer<typeof simulatorSchema>;
export type WorkerInfo = z.infer<typeof workerInfoSchema>;

export interface WorkerPresenceOptions {
  redis: RedisClient;
  simulator: SimulatorInForce;
  /** Defaults to `<host>-<pid>`. */
  id?: string;
  /** The index set; tests use their own. */
  key?: string;
  intervalMs?: number;
  /** How long a silent worker stays listed; must exceed the interval. */
  ttlMs?: number;
  /** A failed refresh (Redis down): the next one retries, so this is for logs. */
  onError?: (error: unknown) => void;
}

export class WorkerPresence {
  readonly id: string;
  private readonly key: string;
  private readonly intervalMs: number;
  private readonly ttlMs: number;
  private readonly host = hostname();
  private readonly startedAt = new Date().toISOString();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private running = false;

  constructor(private readonly opts: WorkerPresenceOptions) {
    this.id = opts.id ?? `${this.host}-${process.pid}`;
    this.key = opts.key ?? WORKER_PRESENCE_KEY;
    this.intervalMs = opts.intervalMs ?? WORKER_PRESENCE_DEFAULTS.intervalMs;
    this.ttlMs = opts.ttlMs ?? WORKER_PRESENCE_DEFAULTS.ttlMs;
    if (this.ttlMs <= this.intervalMs) {
      throw new Error('WorkerPresence: ttlMs must exceed intervalMs, or workers would flicker');
    }
  }

  /** Publishes once (so the worker is listed when start resolves), then keeps it fresh. */
  async start(): Promise<void> {
    this.running = true;
    await this.refresh();
    this.schedule();
  }

  /** Stops refreshing and removes the worker's entry at once instead of waiting for the TTL. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    // A refresh still in flight would re-add the entry after the DEL below.
    await this.inFlight?.catch(() => undefined);
    execResults(
      await this.opts.redis
        .multi()
        .del(workerPresenceKey(this.key, this.id))
        .srem(this.key, this.id)
        .exec(),
    );
  }

  private schedule() {
    if (!this.running) return;
    // A timeout chain, not setInterval: a slow Redis must not stack refreshes up.
    this.timer = setTimeout(() => {
      void this.refresh()
        .catch((error: unknown) => this.opts.onError?.(error))
        .finally(() => this.schedule());
    }, this.intervalMs);
    // Presence alone must not keep a stopping process alive.
    this.timer.unref();
  }

  private refresh(): Promise<void> {
    const info: WorkerInfo = {
      id: this.id,
      host: this.host,
      pid: process.pid,
      startedAt: this.startedAt,
      lastSeenAt: new Date().toISOString(),
      simulator: this.opts.simulator,
    };
    this.inFlight = this.opts.redis
      .multi()
      .set(workerPresenceKey(this.key, this.id), JSON.stringify(info), 'PX', this.ttlMs)
      .sadd(this.key, this.id)
      // The index outlives the last worker by one TTL at most.
      .pexpire(this.key, this.ttlMs)
      .exec()
      .then((results) => {
        execResults(results);
      });
    return this.inFlight;
  }
}

/** The workers alive now, oldest first. Ids whose entry expired are pruned from the index. */
export async function listWorkers(
  redis: RedisClient,
  opts: { key?: string } = {},
): Promise<WorkerInfo[]> {
  const key = opts.key ?? WORKER_PRESENCE_KEY;
  const ids = await redis.smembers(key);
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map((id) => workerPresenceKey(key, id)));
  const gone = ids.filter((_, i) => values[i] === null);
  if (gone.length > 0) await redis.srem(key, ...gone);
  const workers: WorkerInfo[] = [];
  for (const value of values) {
    if (value === null) continue;
    try {
      const parsed = workerInfoSchema.safeParse(JSON.parse(value));
      // An entry from an incompatible worker version is skipped rather than breaking the list.
      if (parsed.success) workers.push(parsed.data);
    } catch {
      // Not JSON: same as above.
    }
  }
  return workers.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}
