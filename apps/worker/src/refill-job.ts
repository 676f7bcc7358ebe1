// The scheduled stock refill. Every worker ticks, but each interval slot runs once across all
// of them: the first to SET the slot's key NX in Redis runs it. Slots run on the clock: a worker
// that starts mid-slot waits for the next one (unless told to run at once), so a fresh stack
// keeps the seed's low stock and a restart never restocks early.
import type { Db } from '@tiffin/db';
import type { RefillPolicy } from '@tiffin/domain';
import type { RedisClient } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import { refillStock } from '@tiffin/domain';
import { REFILL_RUNS_KEY, refillSlotKey } from '@tiffin/events';
import { errorMessage } from '@tiffin/events/logger';

export interface RefillJobOptions extends RefillPolicy {
  db: Db;
  redis: RedisClient;
  log: Logger;
  intervalMs: number;
  /** Identifies this worker in the slot key, for operators. */
  owner: string;
  /** Also run the slot in progress when starting (REFILL_ON_START). */
  runOnStart?: boolean;
  onRun?: () => void;
}

export class RefillJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private firstSlot = 0;

  constructor(private readonly opts: RefillJobOptions) {}

  /** Starts ticking; the first tick runs in the background, so this resolves at once. */
  start(): Promise<void> {
    const current = Math.floor(Date.now() / this.opts.intervalMs);
    this.firstSlot = this.opts.runOnStart ? current : current + 1;
    // Check a few times per interval (at most every 30 s) so a new slot starts promptly.
    const every = Math.max(1_000, Math.min(this.opts.intervalMs / 4, 30_000));
    this.timer = setInterval(() => void this.tick(), every);
    void this.tick();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runSlot().finally(() => (this.running = undefined));
    await this.running;
  }

  private async runSlot(): Promise<void> {
    const slot = Math.floor(Date.now() / this.opts.intervalMs);
    if (slot < this.firstSlot) return;
    try {
      const won = await this.opts.redis.set(
        refillSlotKey(slot),
        this.opts.owner,
        'PX',
        this.opts.intervalMs * 2,
        'NX',
      );
      if (won !== 'OK') return;
      const { refilled, correlationId } = await refillStock(this.opts.db, this.opts);
      this.opts.log.info('stock refill', { refilled, slot, correlationId });
      this.opts.onRun?.();
      // Counted for operators and tests; losing the count must not undo the slot.
      await this.opts.redis.incr(REFILL_RUNS_KEY).catch(() => undefined);
    } catch (error) {
      this.opts.log.warn('stock refill failed; the next tick tries again', {
        error: errorMessage(error),
      });
      // Free the slot so a later tick (here or on another worker) retries it.
      await this.opts.redis.del(refillSlotKey(slot)).catch(() => undefined);
    }
  }
}
