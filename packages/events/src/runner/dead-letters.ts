// The dead-letter streams (one beside each partition stream): what the consumer-group runner
// writes there, and the tools to list, inspect and replay them across every partition. Dead letters are never trimmed: each one is an event nobody processed.
import type { RedisClient } from '../redis-client';
import {
  deadLetterStreamFor,
  deadLetterStreams,
  partitionStream,
  streamPartitionCount,
} from '../contract/keys';
import { DEFAULT_STREAM_MAX_LEN, xaddArgs } from './publisher';
import { execResults, fieldsToRecord } from './redis-replies';

export interface DeadLetter {
  /** The entry's id in the dead-letter stream. */
  id: string;
  originalStream: string;
  group: string;
  originalId: string;
  /** The message's `type` field as received (may be empty or unknown for a malformed message). */
  type: string;
  /** The envelope JSON exactly as it was on the original stream ('' if the message had none). */
  envelope: string;
  error: string;
  attempts: number;
  failedAt: string;
  /** All fields of a malformed message, as JSON, so garbage stays inspectable. */
  rawFields?: string;
}

export type NewDeadLetter = Omit<DeadLetter, 'id'>;

export interface DeadLetterOptions {
  /** One dead-letter stream only (tests and tools); default: every partition's. */
  stream?: string;
}

export class DeadLetterError extends Error {
  override name = 'DeadLetterError';
  constructor(
    readonly code: 'not_found' | 'no_envelope',
    message: string,
  ) {
    super(message);
  }
}

const STREAM_ID = /^\d+(-\d+)?$/;

/** The XADD fields of a dead letter, in a stable order. */
export function deadLetterFields(letter: NewDeadLetter): string[] {
  const fields = [
    'originalStream',
    letter.originalStream,
    'group',
    letter.group,
    'originalId',
    letter.originalId,
    'type',
    letter.type,
    'envelope',
    letter.envelope,
    'error',
    letter.error,
    'attempts',
    String(letter.attempts),
    'failedAt',
    letter.failedAt,
  ];
  if (letter.rawFields !== undefined) fields.push('rawFields', letter.rawFields);
  return fields;
}

function toDeadLetter(id: string, fields: string[]): DeadLetter {
  const f = fieldsToRecord(fields);
  return {
    id,
    originalStream: f.originalStream ?? '',
    group: f.group ?? '',
    originalId: f.originalId ?? '',
    type: f.type ?? '',
    envelope: f.envelope ?? '',
    error: f.error ?? '',
    attempts: Number(f.attempts ?? 0),
    failedAt: f.failedAt ?? '',
    ...(f.rawFields !== undefined ? { rawFields: f.rawFields } : {}),
  };
}

/** Compares stream entry ids ("ms-seq") numerically. */
function byEntryId(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/**
 * The dead letters across every partition carry ids naming their partition too
 * (`orders.3/1700000000000-0`); with an explicit `stream`, ids are that stream's own.
 */
const PARTITIONED_ID = /^([a-z-]+)\.(\d+)\/(\d+(?:-\d+)?)$/;

function streamsOf(opts: DeadLetterOptions): string[] {
  return opts.stream ? [opts.stream] : deadLetterStreams();
}

/** The id a reader sees for an entry of a dead-letter stream. */
function publicId(stream: string, entryId: string, opts: DeadLetterOptions): string {
  if (opts.stream) return entryId;
  const partition = /\{([a-z-]+\.\d+)\}/.exec(stream)?.[1];
  return partition ? `${partition}/${entryId}` : entryId;
}

/** Which stream and entry an id names, or null for an id that names none. */
function locate(id: string, opts: DeadLetterOptions): { stream: string; entryId: string } | null {
  if (opts.stream) return STREAM_ID.test(id) ? { stream: opts.stream, entryId: id } : null;
  const match = PARTITIONED_ID.exec(id);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  const partition = Number(match[2]);
  if (partition >= streamPartitionCount()) return null;
  return {
    stream: deadLetterStreamFor(partitionStream(match[1], partition)),
    entryId: match[3],
  };
}

/** Writes a dead letter beside its original stream; returns the id the tools know it by. */
export async function addDeadLetter(redis: RedisClient, letter: NewDeadLetter): Promise<string> {
  const stream = deadLetterStreamFor(letter.originalStream);
  const entryId = await redis.xadd(stream, '*', ...deadLetterFields(letter));
  if (!entryId) throw new Error(`XADD to ${stream} returned no id`);
  return publicId(stream, entryId, {});
}

/** Oldest first, up to `count` (default 100), across every dead-letter stream. */
export async function listDeadLetters(
  redis: RedisClient,
  opts: DeadLetterOptions & { count?: number } = {},
): Promise<DeadLetter[]> {
  const count = opts.count ?? 100;
  const perStream = await Promise.all(
    streamsOf(opts).map(async (stream) =>
      (await redis.xrange(stream, '-', '+', 'COUNT', count)).map(
        ([id, fields]) => [id, toDeadLetter(publicId(stream, id, opts), fields)] as const,
      ),
    ),
  );
  return perStream
    .flat()
    .sort(([a], [b]) => byEntryId(a, b))
    .slice(0, count)
    .map(([, letter]) => letter);
}

/** Newest first, up to `count` (default 10): the latest failures, for the dev tools page. */
export async function recentDeadLetters(
  redis: RedisClient,
  opts: DeadLetterOptions & { count?: number } = {},
): Promise<DeadLetter[]> {
  const count = opts.count ?? 10;
  const perStream = await Promise.all(
    streamsOf(opts).map(async (stream) =>
      (await redis.xrevrange(stream, '+', '-', 'COUNT', count)).map(
        ([id, fields]) => [id, toDeadLetter(publicId(stream, id, opts), fields)] as const,
      ),
    ),
  );
  return perStream
    .flat()
    .sort(([a], [b]) => byEntryId(b, a))
    .slice(0, count)
    .map(([, letter]) => letter);
}

export async function countDeadLetters(
  redis: RedisClient,
  opts: DeadLetterOptions = {},
): Promise<number> {
  const lengths = await Promise.all(streamsOf(opts).map((stream) => redis.xlen(stream)));
  return lengths.reduce((sum, n) => sum + n, 0);
}

/** The dead letter with this id, or null (also for a string that names no dead letter). */
export async function getDeadLetter(
  redis: RedisClient,
  id: string,
  opts: DeadLetterOptions = {},
): Promise<DeadLetter | null> {
  const at = locate(id, opts);
  if (!at) return null;
  const [entry] = await redis.xrange(at.stream, at.entryId, at.entryId);
  return entry ? toDeadLetter(id, entry[1]) : null;
}

/**
 * Re-publishes the original envelope JSON, unchanged, to its original stream and removes the
 * dead letter, both in one MULTI (a dead-letter stream shares its original stream's slot).
 * Returns the new stream id. The envelope keeps its eventId, so a replay that races another
 * replay is absorbed by the consumers' inbox.
 */
export async function replayDeadLetter(
  redis: RedisClient,
  id: string,
  opts: DeadLetterOptions & { maxLen?: number } = {},
): Promise<string> {
  const at = locate(id, opts);
  const letter = at ? await getDeadLetter(redis, id, opts) : null;
  if (!at || !letter) {
    const where = opts.stream ?? 'any dead-letter stream';
    throw new DeadLetterError('not_found', `No dead letter with id "${id}" in ${where}`);
  }
  if (!letter.envelope) {
    throw new DeadLetterError(
      'no_envelope',
      `Dead letter ${id} has no envelope to replay (${letter.error}); inspect it with dlq:show`,
    );
  }
  const [newId] = execResults(
    await redis
      .multi()
      .xadd(
        letter.originalStream,
        ...xaddArgs(letter.type, letter.envelope, opts.maxLen ?? DEFAULT_STREAM_MAX_LEN),
      )
      .xdel(at.stream, at.entryId)
      .exec(),
  );
  if (typeof newId !== 'string') throw new Error(`XADD to ${letter.originalStream} returned no id`);
  return newId;
}

export interface ReplayAllResult {
  replayed: { id: string; newId: string; originalStream: string }[];
  skipped: { id: string; reason: string }[];
}

/**
 * Replays every dead letter present when it starts. Letters that arrive meanwhile (say, the
 * handler is still broken) wait for the next run instead of looping forever.
 */
export async function replayAllDeadLetters(
  redis: RedisClient,
  opts: DeadLetterOptions & { maxLen?: number } = {},
): Promise<ReplayAllResult> {
  const result: ReplayAllResult = { replayed: [], skipped: [] };
  for (const stream of streamsOf(opts)) {
    const [last] = await redis.xrevrange(stream, '+', '-', 'COUNT', 1);
    if (!last) continue;
    let start = '-';
    for (;;) {
      const batch = await redis.xrange(stream, start, last[0], 'COUNT', 100);
      for (const [entryId, fields] of batch) {
        const id = publicId(stream, entryId, opts);
        const letter = toDeadLetter(id, fields);
        try {
          const newId = await replayDeadLetter(redis, id, opts);
          result.replayed.push({ id, newId, originalStream: letter.originalStream });
        } catch (err) {
          if (!(err instanceof DeadLetterError)) throw err;
          result.skipped.push({ id, reason: err.message });
        }
      }
      const lastInBatch = batch.at(-1);
      if (batch.length < 100 || !lastInBatch) break;
      start = `(${lastInBatch[0]}`;
    }
  }
  return result;
}
