// Our consumer-group runner on ioredis (no well-kept library does Redis Streams groups).
// One lane per runner over one stream or all partitions of a logical stream: read a batch
// (XREADGROUP), run the handler on each message in order, and acknowledge the batch's successes
// in one XACK per partition once its handlers are done (never before a handler succeeded).
// Failures are counted in Redis and retried with backoff; after maxAttempts
// the message moves to the dead-letter stream. Idle messages (a dead or stuck consumer's) are
// reclaimed with XAUTOCLAIM. Errors in the loop are logged and retried; should one escape anyway
// the loop is dead: it is logged, status says so (readiness fails), and nothing restarts it.
// A clean stop removes the consumer's name from the group when nothing is pending under it.
// The policy in prose, with the defaults, is in README.md ("Consumer groups").
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Envelope } from '../contract/envelope';
import type { LogFields, Logger } from '../logger';
import type { RedisClient } from '../redis-client';
import type { NewDeadLetter } from './dead-letters';
import type { StreamEntry } from './redis-replies';
import { traceOfEnvelope } from '../contract/envelope';
import { attemptsKey, deadLetterStreamFor, logicalStreamOf } from '../contract/keys';
import { traceIdOf } from '../contract/trace-context';
import { createLogger, errorMessage } from '../logger';
import { isCluster } from '../redis-client';
import { deadLetterFields } from './dead-letters';
import { HandlerSpan } from './handler-span';
import { PartitionReader } from './partitioned-read';
import { parseMessage } from './publisher';
import { execResults, fieldsToRecord, parseAutoClaimReply, parseIdList } from './redis-replies';
import { afterFailure, defaultBackoffMs, isExhausted, RETRY_DEFAULTS } from './retry-policy';

export interface HandlerContext {
  messageId: string;
  stream: string;
  group: string;
  consumer: string;
  /** 1 on the first delivery; counts failed (or abandoned) attempts before this one, from Redis. */
  attempt: number;
  /** The ids of the span this attempt runs in (a child of the envelope's), when tracing is on. */
  traceId?: string;
  spanId?: string;
}

export type EventHandler = (envelope: Envelope, ctx: HandlerContext) => Promise<void>;

export type Outcome = 'ok' | 'retry' | 'dead_letter' | 'malformed';

export interface OutcomeReport {
  type: string;
  outcome: Outcome;
  durationMs: number;
  group: string;
}

export interface ConsumerGroupOptions {
  /** Used for acks and bookkeeping; the runner duplicates it for its blocking reads. */
  redis: RedisClient;
  /** One stream, or every partition stream of a logical stream (each read names one slot). */
  stream: string | readonly string[];
  group: string;
  handler: EventHandler;
  /** Default `${group}-${hostname}-${pid}-${random6}`: unique per process, never reused. */
  consumerName?: string;
  batchSize?: number;
  /** How long one XREADGROUP blocks; also bounds how fast stop() is noticed. */
  blockMs?: number;
  /** Messages pending longer than this are reclaimed (from any consumer, this one included). */
  claimIdleMs?: number;
  claimIntervalMs?: number;
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  /** Default: each stream's own dead-letter stream, beside it in its slot. */
  deadLetterStream?: string;
  /** Where a group created by this runner starts reading; '0' is the whole stream. */
  startId?: string;
  log?: Logger;
  /** Called once per handled delivery (a metrics hook). */
  onOutcome?: (report: OutcomeReport) => void;
}

export const CONSUMER_DEFAULTS = {
  batchSize: 16,
  blockMs: 1_000,
  claimIdleMs: RETRY_DEFAULTS.claimIdleMs,
  claimIntervalMs: 5_000,
  maxAttempts: RETRY_DEFAULTS.maxAttempts,
  startId: '0',
} as const;

export function defaultConsumerName(group: string): string {
  return `${group}-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Used when no logger is given, and for the line about a loop killed by its own logger. */
const fallbackLogger: Logger = createLogger('info', { component: 'consumer' });

/** The order an event is about, when its payload names one (for log lines). */
function orderIdOf(envelope: Envelope): string | undefined {
  const { orderId } = envelope.payload as { orderId?: unknown };
  return typeof orderId === 'string' ? orderId : undefined;
}

/**
 * XGROUP DELCONSUMER drops the consumer's pending entries with it, so check and delete in one
 * script: a consumer that still holds messages keeps its name, and they stay reclaimable.
 */
const DELETE_IDLE_CONSUMER = `
if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2]) > 0 then return 0 end
redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
return 1`;

/** Which messages a read returned: new ones, or ones that were delivered before and not acked. */
type Delivery = 'new' | 'redelivered';

/**
 * The handled messages of one partition stream not yet acknowledged: one XACK names them all
 * (one key, so one slot on a cluster), where an XACK each cost a round trip per message.
 */
class AckBatch {
  readonly ids: string[] = [];
  /** Ids that carry a failed-attempts count, cleared in the same MULTI as their ack. */
  readonly counted: string[] = [];
  /** When the oldest id was added: a batch held too long would idle into a reclaim. */
  oldestAt = 0;

  constructor(readonly stream: string) {}

  add(id: string, hasAttemptsCount: boolean): void {
    if (this.ids.length === 0) this.oldestAt = performance.now();
    this.ids.push(id);
    if (hasAttemptsCount) this.counted.push(id);
  }

  /** Empties the batch and returns what it held. */
  take(): { ids: string[]; counted: string[] } {
    const taken = { ids: this.ids.splice(0), counted: this.counted.splice(0) };
    return taken;
  }
}

export class ConsumerGroup {
  readonly consumerName: string;
  /** The stream, or the logical name of the partitions read (for logs and status). */
  readonly stream: string;
  readonly streams: readonly string[];
  readonly group: string;

  private readonly redis: RedisClient;
  private readonly handler: EventHandler;
  private readonly settings: Required<
    Pick<
      ConsumerGroupOptions,
      | 'batchSize'
      | 'blockMs'
      | 'claimIdleMs'
      | 'claimIntervalMs'
      | 'maxAttempts'
      | 'backoffMs'
      | 'startId'
    >
  >;
  private readonly log: Logger;
  private readonly onOutcome: ConsumerGroupOptions['onOutcome'];
  private readonly deadLetterStream: string | undefined;
  /** Cancels backoff sleeps when stop() is called. */
  private readonly abort = new AbortController();
  private reader: RedisClient | undefined;
  private started: Promise<void> | undefined;
  private loop: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  /** 0 so the first reclaim runs right after start: a dead consumer's messages go first. */
  private lastClaimAt = 0;
  private loopEnded = false;
  private failingSinceAt: Date | null = null;
  private diedOf: string | null = null;
  /** The runner's own log fields, built once: every message's lines spread them. */
  private readonly fields: { stream: string; group: string; consumer: string };

  constructor(opts: ConsumerGroupOptions) {
    this.redis = opts.redis;
    this.streams = typeof opts.stream === 'string' ? [opts.stream] : [...opts.stream];
    const first = this.streams[0];
    if (first === undefined) throw new Error('A ConsumerGroup needs at least one stream');
    this.stream = this.streams.length === 1 ? first : (logicalStreamOf(first) ?? first);
    this.group = opts.group;
    this.handler = opts.handler;
    this.consumerName = opts.consumerName ?? defaultConsumerName(opts.group);
    this.fields = { stream: this.stream, group: this.group, consumer: this.consumerName };
    this.settings = {
      batchSize: opts.batchSize ?? CONSUMER_DEFAULTS.batchSize,
      blockMs: opts.blockMs ?? CONSUMER_DEFAULTS.blockMs,
      claimIdleMs: opts.claimIdleMs ?? CONSUMER_DEFAULTS.claimIdleMs,
      claimIntervalMs: opts.claimIntervalMs ?? CONSUMER_DEFAULTS.claimIntervalMs,
      maxAttempts: opts.maxAttempts ?? CONSUMER_DEFAULTS.maxAttempts,
      backoffMs: opts.backoffMs ?? defaultBackoffMs,
      startId: opts.startId ?? CONSUMER_DEFAULTS.startId,
    };
    this.log = opts.log ?? fallbackLogger;
    this.onOutcome = opts.onOutcome;
    this.deadLetterStream = opts.deadLetterStream;
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  /**
   * For readiness checks: is the loop alive, since when has it been failing (if it is), and
   * the error it died of (null unless it died, as opposed to being stopped).
   */
  get status(): { running: boolean; failingSince: Date | null; diedOf: string | null } {
    return {
      running: this.loop !== undefined && !this.loopEnded,
      failingSince: this.failingSinceAt,
      diedOf: this.diedOf,
    };
  }

  /**
   * Starts the loop. Resolves once the group exists (creation is retried while Redis is down)
   * or stop() is called. Calling it again returns the same promise.
   */
  start(): Promise<void> {
    if (this.started) return this.started;
    if (this.stopping) return Promise.reject(new Error('A stopped ConsumerGroup cannot restart'));
    // A cluster reads without blocking on the shared connection; a single node blocks on its own.
    const reader = isCluster(this.redis) ? this.redis : this.redis.duplicate();
    if (reader !== this.redis) this.watchConnection(reader);
    this.reader = reader;
    this.started = new Promise((resolve, reject) => {
      this.loop = this.run(reader, resolve).catch((err: unknown) => {
        this.die(err);
        // Rejects start() only if the loop died before the group was ready; else a no-op.
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    });
    return this.started;
  }

  /** The loop threw: record it and free its connection. Restarting would hide a bug. */
  private die(err: unknown): void {
    this.loopEnded = true;
    this.diedOf = errorMessage(err);
    this.releaseReader();
    const fields = {
      ...this.fields,
      error: this.diedOf,
      stack: err instanceof Error ? err.stack : undefined,
    };
    try {
      this.log.error('consumer loop died; not restarting it', fields);
    } catch {
      // The injected logger may be what killed the loop; stderr still gets the line.
      fallbackLogger.error('consumer loop died; not restarting it', fields);
    }
  }

  /** Logs the first error of each outage of our reader (ioredis emits one per reconnect try). */
  private watchConnection(reader: RedisClient): void {
    let connected = true;
    reader.on('error', (err: Error) => {
      if (connected) {
        this.log.warn('redis connection lost; reconnecting', {
          ...this.fields,
          error: err.message,
        });
      }
      connected = false;
    });
    reader.on('ready', () => {
      if (!connected) this.log.info('redis connection restored', this.fields);
      connected = true;
    });
  }

  /** Closes the reader when it is a connection of our own (never the shared one). */
  private releaseReader(): void {
    if (this.reader && this.reader !== this.redis) this.reader.disconnect();
  }

  /** Stops reading, lets the in-flight handler finish, closes the reader. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    this.abort.abort();
    if (!this.loop) return;
    // A read on a dead connection waits for ioredis to give up; cut it after one block period.
    const cut = setTimeout(() => this.reader?.disconnect(), this.settings.blockMs + 1_000);
    await this.loop;
    clearTimeout(cut);
    this.releaseReader();
    const removedFromGroup = this.diedOf === null && (await this.removeIfIdle());
    this.log.info('consumer stopped', { ...this.fields, removedFromGroup });
  }

  /** After a clean stop, drop our name from the group if nothing is pending under it. */
  private async removeIfIdle(): Promise<boolean> {
    // Redis is away: the name stays (an idle entry in XINFO), which is better than a slow stop.
    if (this.redis.status !== 'ready') return false;
    try {
      let removedEverywhere = true;
      for (const stream of this.streams) {
        const removed = await this.redis.eval(
          DELETE_IDLE_CONSUMER,
          1,
          stream,
          this.group,
          this.consumerName,
        );
        if (removed !== 1) removedEverywhere = false;
      }
      return removedEverywhere;
    } catch (err) {
      this.log.warn('could not remove the consumer from its group', {
        ...this.fields,
        error: errorMessage(err),
      });
      return false;
    }
  }

  private async run(reader: RedisClient, onReady: () => void): Promise<void> {
    let groupReady = false;
    // Our own pending entries come first (a restart with the same name); gone once drained.
    const pendingCursors = new Map(this.streams.map((stream) => [stream, '0']));
    const partitions = new PartitionReader(this.redis, reader);
    let failures = 0;
    while (!this.stopping) {
      try {
        if (!groupReady) {
          await this.ensureGroup();
          groupReady = true;
          onReady();
          this.log.info('consumer started', this.fields);
        }
        const [pending] = pendingCursors;
        if (pending) {
          const [stream, cursor] = pending;
          const [read] = await this.read(partitions, [stream], [cursor]);
          const last = read?.entries.at(-1)?.id;
          if (last) pendingCursors.set(stream, last);
          else pendingCursors.delete(stream);
          await this.processAll(stream, read?.entries ?? [], 'redelivered');
        } else {
          if (Date.now() - this.lastClaimAt >= this.settings.claimIntervalMs) {
            for (const stream of this.streams) await this.reclaim(stream);
            this.lastClaimAt = Date.now();
          }
          const fresh = await this.read(
            partitions,
            this.streams,
            this.streams.map(() => '>'),
          );
          for (const { stream, entries } of fresh) await this.processAll(stream, entries, 'new');
        }
        failures = 0;
        this.failingSinceAt = null;
      } catch (err) {
        if (this.stopping) break;
        failures += 1;
        this.failingSinceAt ??= new Date();
        // The group (or the whole stream) was deleted under us: create it again.
        if (/NOGROUP/.test(errorMessage(err))) groupReady = false;
        // What we hold unacked (say an XACK failed mid-batch) goes before anything newer, so a
        // partition's events are still handled in order after a Redis outage or failover.
        for (const stream of this.streams) pendingCursors.set(stream, '0');
        const retryInMs = defaultBackoffMs(Math.min(failures, 10));
        this.log.error('consumer loop failed; retrying', {
          ...this.fields,
          error: errorMessage(err),
          retryInMs,
        });
        await this.pause(retryInMs);
      }
    }
    this.loopEnded = true;
    onReady();
  }

  private async ensureGroup(): Promise<void> {
    for (const stream of this.streams) {
      try {
        await this.redis.xgroup('CREATE', stream, this.group, this.settings.startId, 'MKSTREAM');
        this.log.info('consumer group created', {
          ...this.fields,
          partition: stream,
          startId: this.settings.startId,
        });
      } catch (err) {
        if (!/BUSYGROUP/.test(errorMessage(err))) throw err;
      }
    }
  }

  /** `>` blocks for new messages; any other id pages through our own pending list. */
  private read(partitions: PartitionReader, streams: readonly string[], ids: readonly string[]) {
    return partitions.read({
      streams,
      ids,
      count: this.settings.batchSize,
      blockMs: this.settings.blockMs,
      group: { name: this.group, consumer: this.consumerName },
      signal: this.abort.signal,
    });
  }

  /** XAUTOCLAIM pages through the whole pending list, taking what has idled past claimIdleMs. */
  private async reclaim(stream: string): Promise<void> {
    let cursor = '0-0';
    do {
      const reply = parseAutoClaimReply(
        await this.redis.xautoclaim(
          stream,
          this.group,
          this.consumerName,
          this.settings.claimIdleMs,
          cursor,
          'COUNT',
          this.settings.batchSize,
        ),
      );
      if (reply.entries.length > 0) {
        this.log.info('reclaimed idle messages', {
          ...this.fields,
          partition: stream,
          messageIds: reply.entries.map((e) => e.id),
        });
      }
      // Each goes straight to the dead letters (acked there), so the batch stays empty.
      const none = new AckBatch(stream);
      for (const id of reply.deletedIds) {
        await this.handle(stream, { id, fields: null }, 'redelivered', none);
      }
      await this.processAll(stream, reply.entries, 'redelivered');
      cursor = reply.nextCursor;
    } while (cursor !== '0-0' && !this.stopping);
  }

  /**
   * In order; the successes are acknowledged together at the end, even when stop() cuts the
   * batch short (the rest stays pending and is reclaimed by a live consumer).
   */
  private async processAll(
    stream: string,
    entries: StreamEntry[],
    delivery: Delivery,
  ): Promise<void> {
    if (entries.length === 0) return;
    const acks = new AckBatch(stream);
    try {
      for (const entry of entries) {
        if (this.stopping) return;
        await this.handle(stream, entry, delivery, acks);
      }
    } finally {
      await this.flushAcks(acks);
    }
  }

  /**
   * XACK of every id in the batch; with attempt counts to clear, XACK and HDEL in one MULTI (the
   * attempts hash sits in the stream's slot). A failure leaves them pending: redelivered later.
   */
  private async flushAcks(acks: AckBatch): Promise<void> {
    const { ids, counted } = acks.take();
    if (ids.length === 0) return;
    if (counted.length === 0) {
      await this.redis.xack(acks.stream, this.group, ...ids);
      return;
    }
    execResults(
      await this.redis
        .multi()
        .xack(acks.stream, this.group, ...ids)
        .hdel(attemptsKey(acks.stream, this.group), ...counted)
        .exec(),
    );
  }

  private async handle(
    stream: string,
    entry: StreamEntry,
    delivery: Delivery,
    acks: AckBatch,
  ): Promise<void> {
    const attempts = attemptsKey(stream, this.group);
    // A redelivery means an earlier attempt never acked (its consumer died or hung): count it,
    // so a message that crashes every consumer still ends in the dead letters.
    const previous =
      delivery === 'redelivered' ? await this.redis.hincrby(attempts, entry.id, 1) : 0;

    if (entry.fields === null) {
      await this.deadLetter(stream, entry.id, {
        type: '',
        envelope: '',
        error: 'The entry was deleted from the stream (trimmed?) before it was acknowledged',
        attempts: Math.max(previous, 1),
      });
      this.report('', 'malformed', 0);
      return;
    }

    const parsed = parseMessage(entry.fields);
    if (!parsed.ok) {
      this.log.warn('malformed message sent to dead letters', {
        ...this.fields,
        messageId: entry.id,
        error: parsed.error,
      });
      await this.deadLetter(stream, entry.id, {
        type: parsed.raw.type ?? '',
        envelope: parsed.raw.envelope ?? '',
        error: parsed.error,
        attempts: Math.max(previous, 1),
        rawFields: JSON.stringify(parsed.raw),
      });
      this.report(parsed.raw.type ?? '', 'malformed', 0);
      return;
    }

    const envelope = parsed.envelope;
    // Built only for a line that is written: most messages log nothing at the usual level.
    const fields = (): LogFields => {
      const orderId = orderIdOf(envelope);
      const traceId = traceIdOf(traceOfEnvelope(envelope));
      return {
        ...this.fields,
        ...(this.streams.length > 1 ? { partition: stream } : {}),
        messageId: entry.id,
        eventId: envelope.eventId,
        correlationId: envelope.correlationId,
        type: envelope.type,
        ...(orderId ? { orderId } : {}),
        ...(traceId ? { traceId } : {}),
      };
    };
    if (parsed.traceDropped) {
      this.log.warn('trace context dropped; the event starts a new trace', {
        ...fields(),
        reason: parsed.traceDropped,
      });
    }
    // The dead letter keeps the envelope exactly as it arrived, not our re-serialisation.
    const envelopeJson = fieldsToRecord(entry.fields).envelope ?? '';

    if (isExhausted(previous, this.settings)) {
      const error = `Not acknowledged within ${this.settings.claimIdleMs}ms, ${previous} times (consumer crashed or handler hung)`;
      this.log.error('message sent to dead letters', { ...fields(), attempts: previous, error });
      await this.deadLetter(stream, entry.id, {
        type: envelope.type,
        envelope: envelopeJson,
        error,
        attempts: previous,
      });
      this.report(envelope.type, 'dead_letter', 0);
      return;
    }

    await this.runWithRetries(stream, entry.id, envelope, envelopeJson, previous, fields, acks);
  }

  /** Runs the handler until it succeeds (ack), the attempts run out (dead letter), or stop(). */
  private async runWithRetries(
    stream: string,
    id: string,
    envelope: Envelope,
    envelopeJson: string,
    previous: number,
    eventFields: () => LogFields,
    acks: AckBatch,
  ): Promise<void> {
    const attempts = attemptsKey(stream, this.group);
    let attempt = previous + 1;
    for (;;) {
      const startedAt = performance.now();
      const span = new HandlerSpan(envelope, {
        stream: this.stream,
        group: this.group,
        messageId: id,
        attempt,
      });
      const spanIds = span.ids;
      const ctx: HandlerContext = {
        stream,
        group: this.group,
        consumer: this.consumerName,
        messageId: id,
        attempt,
        ...spanIds,
      };
      // This attempt's lines name its span; later attempts get spans of their own.
      const fields = (): LogFields => ({ ...eventFields(), ...spanIds });
      try {
        await span.run(() => this.handler(envelope, ctx));
        span.end();
      } catch (err) {
        span.end(err);
        const durationMs = performance.now() - startedAt;
        const error = errorMessage(err);
        // The batch's earlier successes must not wait out this message's backoff unacked.
        await this.flushAcks(acks);
        const failed = await this.redis.hincrby(attempts, id, 1);
        const decision = afterFailure(failed, this.settings);
        if (decision.action === 'dead_letter') {
          this.log.error('handler failed; message sent to dead letters', {
            ...fields(),
            attempts: failed,
            error,
          });
          await this.deadLetter(stream, id, {
            type: envelope.type,
            envelope: envelopeJson,
            error,
            attempts: failed,
          });
          this.report(envelope.type, 'dead_letter', durationMs);
          return;
        }
        const { retryInMs } = decision;
        this.log.warn('handler failed; retrying', {
          ...fields(),
          attempt: failed,
          error,
          retryInMs,
        });
        this.report(envelope.type, 'retry', durationMs);
        // Reset the idle time so no other consumer reclaims the message while we back off.
        const stillOurs = parseIdList(
          'XCLAIM',
          await this.redis.xclaim(stream, this.group, this.consumerName, 0, id, 'JUSTID'),
        );
        if (stillOurs.length === 0) {
          this.log.warn('message no longer pending; giving it up', fields());
          return;
        }
        await this.pause(retryInMs);
        if (this.stopping) {
          this.log.info('stopping: message left pending for another consumer', fields());
          return;
        }
        attempt = failed + 1;
        continue;
      }
      const durationMs = performance.now() - startedAt;
      // Acked with the rest of the batch; a slow batch is flushed early, well before it could
      // idle past claimIdleMs and be reclaimed by another consumer.
      acks.add(id, attempt > 1);
      if (performance.now() - acks.oldestAt >= this.settings.claimIdleMs / 4) {
        await this.flushAcks(acks);
      }
      if (this.log.isDebugEnabled?.() ?? true) {
        this.log.debug('message handled', { ...fields(), attempt, durationMs });
      }
      this.report(envelope.type, 'ok', durationMs);
      return;
    }
  }

  /**
   * Dead-letter add, ack and attempt cleanup in one MULTI (the dead letters sit in the stream's
   * slot): the message is never in both places.
   */
  private async deadLetter(
    stream: string,
    id: string,
    letter: Pick<NewDeadLetter, 'type' | 'envelope' | 'error' | 'attempts' | 'rawFields'>,
  ): Promise<void> {
    const fields = deadLetterFields({
      ...letter,
      originalStream: stream,
      group: this.group,
      originalId: id,
      failedAt: new Date().toISOString(),
    });
    execResults(
      await this.redis
        .multi()
        .xadd(this.deadLetterStream ?? deadLetterStreamFor(stream), '*', ...fields)
        .xack(stream, this.group, id)
        .hdel(attemptsKey(stream, this.group), id)
        .exec(),
    );
  }

  private report(type: string, outcome: Outcome, durationMs: number): void {
    try {
      this.onOutcome?.({ type, outcome, durationMs, group: this.group });
    } catch (err) {
      this.log.warn('onOutcome hook threw', { ...this.fields, error: errorMessage(err) });
    }
  }

  /** A sleep that stop() cuts short. */
  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }
}
