// Publishing events to their streams and reading them back. A stream message carries two
// fields: `type` (so tools can filter without parsing) and `envelope` (the whole envelope as JSON).
import type { ChainableCommander } from 'ioredis';

import type { Envelope, EnvelopeCheck } from '../contract/envelope';
import type { RedisClient } from '../redis-client';
import { checkEnvelope, InvalidEventError, streamFor } from '../contract/envelope';
import { partitionOf, partitionStream } from '../contract/keys';
import { errorMessage } from '../logger';
import { fieldsToRecord } from './redis-replies';

/** Streams are capped with `MAXLEN ~`: consumers keep up in seconds, so 100k entries is days. */
export const DEFAULT_STREAM_MAX_LEN = 100_000;

export interface PublishOptions {
  /** Approximate cap on the stream's length (`XADD … MAXLEN ~ n`). */
  maxLen?: number;
  /** Overrides the catalog's stream for this type; for tests and tools, not for producers. */
  stream?: string;
}

export type ParsedMessage =
  Extract<EnvelopeCheck, { ok: true }> | { ok: false; error: string; raw: Record<string, string> };

/** The XADD arguments after the key: trimming, an auto id, then the message fields. */
export function xaddArgs(type: string, envelopeJson: string, maxLen = DEFAULT_STREAM_MAX_LEN) {
  return ['MAXLEN', '~', maxLen, '*', 'type', type, 'envelope', envelopeJson] as const;
}

/**
 * What an event is partitioned by: its restaurant (so one order's events, and a menu's, stay in
 * order in one partition), else its order, else its correlation.
 */
export function eventPartitionKey(envelope: Envelope): string {
  const payload: unknown = envelope.payload;
  const { restaurantId, orderId } = (
    typeof payload === 'object' && payload !== null ? payload : {}
  ) as {
    restaurantId?: unknown;
    orderId?: unknown;
  };
  if (typeof restaurantId === 'string') return restaurantId;
  if (typeof orderId === 'string') return orderId;
  return envelope.correlationId;
}

/** The partition stream an event goes to. */
export function eventStream(envelope: Envelope): string {
  return partitionStream(streamFor(envelope.type), partitionOf(eventPartitionKey(envelope)));
}

/** Validates before anything is written: publishing a bad event is a programming error. */
function encode(envelope: Envelope, opts: PublishOptions) {
  const checked = checkEnvelope(envelope);
  if (!checked.ok) throw new InvalidEventError(String(envelope.type), checked.error);
  return encodeChecked(checked.envelope, opts);
}

/**
 * The destination stream and XADD arguments of an envelope the caller has already checked, so
 * a batching publisher can group its commands by stream without validating each event twice.
 */
export function encodeChecked(envelope: Envelope, opts: PublishOptions = {}) {
  const stream = opts.stream ?? eventStream(envelope);
  return { stream, args: xaddArgs(envelope.type, JSON.stringify(envelope), opts.maxLen) };
}

/** Appends one event to its partition stream and returns the stream id. Throws `InvalidEventError`. */
export async function publish(
  redis: RedisClient,
  envelope: Envelope,
  opts: PublishOptions = {},
): Promise<string> {
  const { stream, args } = encode(envelope, opts);
  const id = await redis.xadd(stream, ...args);
  // Only XADD … NOMKSTREAM answers null, and we never send it.
  if (id === null) throw new Error(`XADD to ${stream} returned no id`);
  return id;
}

/** Queues the same XADD on a pipeline or MULTI, so a batch goes out in one round trip. */
export function addPublish<P extends ChainableCommander>(
  pipeline: P,
  envelope: Envelope,
  opts: PublishOptions = {},
): P {
  const { stream, args } = encode(envelope, opts);
  pipeline.xadd(stream, ...args);
  return pipeline;
}

/**
 * Reads a stream entry's flat field list back into an envelope, checking the envelope, its type
 * and its payload against the catalog. Never throws: consumers dead-letter what fails.
 */
export function parseMessage(fields: string[]): ParsedMessage {
  const raw = fieldsToRecord(fields);
  const fail = (error: string): ParsedMessage => ({ ok: false, error, raw });
  if (fields.length % 2 !== 0) return fail('Odd number of stream fields');
  if (raw.envelope === undefined) return fail('Missing "envelope" field');
  let json: unknown;
  try {
    json = JSON.parse(raw.envelope);
  } catch (err) {
    return fail(`"envelope" is not JSON: ${errorMessage(err)}`);
  }
  const checked = checkEnvelope(json);
  if (!checked.ok) return fail(checked.error);
  if (raw.type !== checked.envelope.type) {
    return fail(`"type" field ${JSON.stringify(raw.type)} differs from the envelope's type`);
  }
  return checked;
}
