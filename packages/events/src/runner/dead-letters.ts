// The dead-letter stream: what the consumer-group runner writes there, and the tools to list,
// inspect and replay it. Dead letters are never trimmed: each one is an event nobody processed.
import type { Redis } from 'ioredis';

import { STREAMS } from '../contract/keys';
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
  /** The dead-letter stream; tests and tools override it. */
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

/** Oldest first, up to `count` (default 100). */
export async function listDeadLetters(
  redis: Redis,
  opts: DeadLetterOptions & { count?: number } = {},
): Promise<DeadLetter[]> {
  const entries = await redis.xrange(
    opts.stream ?? STREAMS.deadLetters,
    '-',
    '+',
    'COUNT',
    opts.count ?? 100,
  );
  return entries.map(([id, fields]) => toDeadLetter(id, fields));
}

/** Newest first, up to `count` (default 10): the latest failures, for the dev tools page. */
export async function recentDeadLetters(
  redis: Redis,
  opts: DeadLetterOptions & { count?: number } = {},
): Promise<DeadLetter[]> {
  const entries = await redis.xrevrange(
    opts.stream ?? STREAMS.deadLetters,
    '+',
    '-',
    'COUNT',
    opts.count ?? 10,
  );
  return entries.map(([id, fields]) => toDeadLetter(id, fields));
}

export async function countDeadLetters(redis: Redis, opts: DeadLetterOptions = {}) {
  return redis.xlen(opts.stream ?? STREAMS.deadLetters);
}

/** The dead letter with this id, or null (also for a string that is not a stream id). */
export async function getDeadLetter(
  redis: Redis,
  id: string,
  opts: DeadLetterOptions = {},
): Promise<DeadLetter | null> {
  if (!STREAM_ID.test(id)) return null;
  const [entry] = await redis.xrange(opts.stream ?? STREAMS.deadLetters, id, id);
  return entry ? toDeadLetter(entry[0], entry[1]) : null;
}

/**
 * Re-publishes the original envelope JSON, unchanged, to its original stream and removes the
 * dead letter, both in one MULTI. Returns the new stream id. The envelope keeps its eventId, so
 * a replay that races another replay is absorbed by the consumers' inbox.
 */
export async function replayDeadLetter(
  redis: Redis,
  id: string,
  opts: DeadLetterOptions & { maxLen?: number } = {},
): Promise<string> {
  const stream = opts.stream ?? STREAMS.deadLetters;
  const letter = await getDeadLetter(redis, id, opts);
  if (!letter)
    throw new DeadLetterError('not_found', `No dead letter with id "${id}" in ${stream}`);
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
      .xdel(stream, id)
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
  redis: Redis,
  opts: DeadLetterOptions & { maxLen?: number } = {},
): Promise<ReplayAllResult> {
  const stream = opts.stream ?? STREAMS.deadLetters;
  const result: ReplayAllResult = { replayed: [], skipped: [] };
  const [last] = await redis.xrevrange(stream, '+', '-', 'COUNT', 1);
  if (!last) return result;
  let start = '-';
  for (;;) {
    const batch = await redis.xrange(stream, start, last[0], 'COUNT', 100);
    for (const [id, fields] of batch) {
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
    if (batch.length < 100 || !lastInBatch) return result;
    start = `(${lastInBatch[0]}`;
  }
}
