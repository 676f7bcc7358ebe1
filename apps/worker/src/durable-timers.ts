// Durable timers in Redis: they survive worker restarts, fire late rather than never, and two
// workers never fire the same one. Timers are spread over partitions by id (each partition's
// keys share a slot, so its scripts stay legal on a cluster). A due timer is claimed atomically (Lua) into a lease set; a
// worker that dies mid-fire leaves the lease to expire, and the timer is then queued again. What
// firing does must tolerate a repeat (our transitions refuse a stale step), so the effect happens
// exactly once.
import type { RedisClient, TimerKeys, TraceContext } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import {
  allTimerKeys,
  checkTraceContext,
  inSpan,
  timerKeysFor,
  traceContextOf,
  traceIdOf,
} from '@tiffin/events';
import { errorMessage } from '@tiffin/events/logger';

/** Moves up to ARGV[2] timers due by ARGV[1] into the lease set (expiring at ARGV[3]). */
const CLAIM_DUE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[2], ARGV[3], id)
  table.insert(out, id)
  table.insert(out, redis.call('HGET', KEYS[3], id) or '')
end
return out`;

/** Puts timers whose lease expired by ARGV[1] back in the due set, due now. */
const REQUEUE_EXPIRED = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZADD', KEYS[1], ARGV[1], id)
end
return #ids`;

/** What `fire` returns to put its timer off rather than complete it. */
export interface Postpone {
  /** When the timer is due again; its id and payload stay as they are. */
  postponeUntil: number;
}

export interface TimerOptions<T> {
  redis: RedisClient;
  log: Logger;
  fire: (id: string, payload: T) => Promise<void | Postpone>;
  /** How long a claimed timer may take to fire before another worker may take it. */
  leaseMs?: number;
  /** Longest sleep between checks; a nearer due time wakes it sooner. */
  maxPollMs?: number;
  batchSize?: number;
  /** Called after each timer fired (for metrics). */
  onFired?: () => void;
}

export class DurableTimers<T> {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly opts: TimerOptions<T>) {}

  /**
   * Schedules `id` at `dueAt` unless it is already scheduled: scheduling twice is harmless. The
   * trace context active here is stored with the payload, and the timer fires in a span under it.
   */
  async schedule(id: string, dueAt: number, payload: T): Promise<boolean> {
    const keys = timerKeysFor(id);
    const [[, added]] = (await this.opts.redis
      .multi()
      .zadd(keys.due, 'NX', dueAt, id)
      .hsetnx(keys.data, id, JSON.stringify(withTrace(payload)))
      .exec()) as [[Error | null, number], [Error | null, number]];
    if (added === 1) this.wakeUp?.();
    return added === 1;
  }

  /** Starts the claim loop in the background; it resolves at once. */
  start(): Promise<void> {
    if (!this.running) {
      this.running = true;
      this.loop = this.run();
    }
    return Promise.resolve();
  }

  /** Stops claiming and waits for the timers being fired; it then holds no lease. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const maxPollMs = this.opts.maxPollMs ?? 250;
    while (this.running) {
      try {
        await this.tick();
      } catch (error) {
        this.opts.log.warn('timers: redis unavailable, retrying', { error: errorMessage(error) });
      }
      if (!this.running) break;
      const wait = await this.msUntilNextDue().catch(() => maxPollMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(5, Math.min(wait, maxPollMs)));
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private async tick(): Promise<void> {
    const fired: Promise<void>[] = [];
    for (const keys of allTimerKeys()) {
      const now = Date.now();
      await this.opts.redis.eval(REQUEUE_EXPIRED, 2, keys.due, keys.leased, now);
      const claimed = (await this.opts.redis.eval(
        CLAIM_DUE,
        3,
        keys.due,
        keys.leased,
        keys.data,
        now,
        this.opts.batchSize ?? 50,
        now + (this.opts.leaseMs ?? 30_000),
      )) as string[];
      for (let i = 0; i < claimed.length; i += 2) {
        const id = claimed[i]!;
        fired.push(this.fireOne(keys, id, claimed[i + 1] ?? ''));
      }
    }
    await Promise.all(fired);
  }

  private async fireOne(keys: TimerKeys, id: string, raw: string): Promise<void> {
    let payload: T | undefined;
    let trace: TraceContext | undefined;
    try {
      const stored = raw !== '' ? withoutTrace<T>(JSON.parse(raw)) : undefined;
      payload = stored?.payload;
      trace = stored?.trace;
      const task = payload;
      const outcome =
        task !== undefined
          ? await inSpan('timer fire', trace, { 'tiffin.timer.id': id }, () =>
              this.opts.fire(id, task),
            )
          : undefined;
      if (outcome) {
        // Back to the due set with its payload kept: the same timer, only later.
        await this.opts.redis
          .multi()
          .zrem(keys.leased, id)
          .zadd(keys.due, outcome.postponeUntil, id)
          .exec();
        return;
      }
      await this.opts.redis.multi().zrem(keys.leased, id).hdel(keys.data, id).exec();
      this.opts.onFired?.();
    } catch (error) {
      // Leave the lease: when it expires the timer is queued again and retried.
      this.opts.log.warn('timer failed; it will be retried when its lease expires', {
        timerId: id,
        ...correlationOf(payload),
        ...(trace ? { traceId: traceIdOf(trace) } : {}),
        error: errorMessage(error),
      });
    }
  }

  private async msUntilNextDue(): Promise<number> {
    const firsts = await Promise.all(
      allTimerKeys().map((keys) => this.opts.redis.zrange(keys.due, 0, 0, 'WITHSCORES')),
    );
    const dues = firsts.filter((next) => next.length >= 2).map((next) => Number(next[1]));
    return dues.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...dues) - Date.now();
  }

  /** For tests and tools: how many timers are waiting and leased, over every partition. */
  async counts(): Promise<{ due: number; leased: number }> {
    const perPartition = await Promise.all(
      allTimerKeys().map(async (keys) => ({
        due: await this.opts.redis.zcard(keys.due),
        leased: await this.opts.redis.zcard(keys.leased),
      })),
    );
    return perPartition.reduce(
      (sum, part) => ({ due: sum.due + part.due, leased: sum.leased + part.leased }),
      { due: 0, leased: 0 },
    );
  }
}

/** Where a stored payload keeps the trace context it was scheduled in. */
const TRACE_FIELD = 'traceContext';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The payload as stored: with the active trace context, when there is one and room for it. */
function withTrace(payload: unknown): unknown {
  const trace = traceContextOf();
  return trace && isRecord(payload) ? { ...payload, [TRACE_FIELD]: trace } : payload;
}

/** The stored payload back as the caller gave it, and its trace context (dropped if malformed). */
function withoutTrace<T>(stored: unknown): { payload: T; trace?: TraceContext } {
  if (!isRecord(stored) || !(TRACE_FIELD in stored)) return { payload: stored as T };
  const { [TRACE_FIELD]: field, ...payload } = stored;
  const { traceparent, tracestate } = isRecord(field) ? field : {};
  return { payload: payload as T, trace: checkTraceContext(traceparent, tracestate).trace };
}

/** A payload's correlationId and orderId, when it has them, so a failed timer's log tells whose. */
function correlationOf(payload: unknown): { correlationId?: string; orderId?: string } {
  if (typeof payload !== 'object' || payload === null) return {};
  const { correlationId, orderId } = payload as { correlationId?: unknown; orderId?: unknown };
  return {
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
    ...(typeof orderId === 'string' ? { orderId } : {}),
  };
}
