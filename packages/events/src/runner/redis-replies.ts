// Typed readers for the nested arrays ioredis returns (as `unknown`) for stream commands.
// They check the shape instead of casting, so a surprising reply fails loudly here.

/** One stream entry; `fields` is null when the entry was deleted (trimmed) while pending. */
export interface StreamEntry {
  id: string;
  fields: string[] | null;
}

export interface AutoClaimReply {
  nextCursor: string;
  entries: StreamEntry[];
  /** Ids that were pending but no longer exist in the stream (Redis ≥ 7 drops them from the PEL). */
  deletedIds: string[];
}

class UnexpectedReplyError extends Error {
  override name = 'UnexpectedReplyError';
  constructor(command: string, reply: unknown) {
    super(`Unexpected ${command} reply: ${JSON.stringify(reply)}`);
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function toEntry(command: string, raw: unknown): StreamEntry {
  if (!Array.isArray(raw) || typeof raw[0] !== 'string')
    throw new UnexpectedReplyError(command, raw);
  const fields: unknown = raw[1];
  if (fields === null || fields === undefined) return { id: raw[0], fields: null };
  if (!isStringArray(fields)) throw new UnexpectedReplyError(command, raw);
  return { id: raw[0], fields };
}

function toEntries(command: string, raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) throw new UnexpectedReplyError(command, raw);
  return raw.map((entry) => toEntry(command, entry));
}

/** XREADGROUP / XREAD on one stream: `[[stream, [[id, fields], …]]]`, or null on timeout. */
export function parseReadReply(reply: unknown): StreamEntry[] {
  if (reply === null) return [];
  if (!Array.isArray(reply)) throw new UnexpectedReplyError('XREADGROUP', reply);
  return reply.flatMap((perStream: unknown) => {
    if (!Array.isArray(perStream)) throw new UnexpectedReplyError('XREADGROUP', reply);
    return toEntries('XREADGROUP', perStream[1]);
  });
}

/** XREADGROUP / XREAD on several streams: each stream with its entries, or [] on timeout. */
export function parseMultiReadReply(reply: unknown): { stream: string; entries: StreamEntry[] }[] {
  if (reply === null) return [];
  if (!Array.isArray(reply)) throw new UnexpectedReplyError('XREADGROUP', reply);
  return reply.map((perStream: unknown) => {
    if (!Array.isArray(perStream) || typeof perStream[0] !== 'string') {
      throw new UnexpectedReplyError('XREADGROUP', reply);
    }
    return { stream: perStream[0], entries: toEntries('XREADGROUP', perStream[1]) };
  });
}

/** XAUTOCLAIM: `[nextCursor, [[id, fields], …], deletedIds?]` (the third element is Redis ≥ 7). */
export function parseAutoClaimReply(reply: unknown): AutoClaimReply {
  if (!Array.isArray(reply) || typeof reply[0] !== 'string') {
    throw new UnexpectedReplyError('XAUTOCLAIM', reply);
  }
  const deleted: unknown = reply[2] ?? [];
  if (!isStringArray(deleted)) throw new UnexpectedReplyError('XAUTOCLAIM', reply);
  return { nextCursor: reply[0], entries: toEntries('XAUTOCLAIM', reply[1]), deletedIds: deleted };
}

/** XCLAIM … JUSTID: the ids actually claimed. */
export function parseIdList(command: string, reply: unknown): string[] {
  if (!isStringArray(reply)) throw new UnexpectedReplyError(command, reply);
  return reply;
}

/** A flat `[key, value, key, value, …]` list (XINFO, stream fields) as a record. */
export function parseFlatRecord(command: string, reply: unknown): Record<string, unknown> {
  if (!Array.isArray(reply) || reply.length % 2 !== 0) {
    throw new UnexpectedReplyError(command, reply);
  }
  const pairs: [string, unknown][] = [];
  for (let i = 0; i < reply.length; i += 2) {
    const key: unknown = reply[i];
    if (typeof key !== 'string') throw new UnexpectedReplyError(command, reply);
    pairs.push([key, reply[i + 1]]);
  }
  return Object.fromEntries(pairs);
}

/** XINFO GROUPS: one flat record per group. */
export function parseRecordList(command: string, reply: unknown): Record<string, unknown>[] {
  if (!Array.isArray(reply)) throw new UnexpectedReplyError(command, reply);
  return reply.map((item) => parseFlatRecord(command, item));
}

/** Stream fields (`[field, value, …]`) as a record; repeated fields keep the last value. */
export function fieldsToRecord(fields: readonly string[]): Record<string, string> {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) pairs.push([fields[i] ?? '', fields[i + 1] ?? '']);
  return Object.fromEntries(pairs);
}

/** A multi/pipeline `exec()` result: throws the first command error, else returns the results. */
export function execResults(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('Redis transaction was aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}
